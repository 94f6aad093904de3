# sieve: sieve of Eratosthenes.
N = 2000000


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    count = 0
    total = 0
    for k in range(n + 1):
        if flags[k]:
            count += 1
            total = (total + k) % 1000000007
    return count * 1000000007 + total


result = sieve(N)
if N == 2000000 and result != 148933914870459:
    raise SystemExit("wrong result: " + str(result))
print(result)
