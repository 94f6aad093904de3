# quicksort: recursive in-place quicksort (Hoare partition, middle pivot) of a list
# filled by a deterministic Park-Miller LCG.
N = 200000


def lcg_array(n):
    seed = 42
    a = []
    for _ in range(n):
        seed = (seed * 16807) % 2147483647
        a.append(seed % 1000000)
    return a


def quicksort(a, lo, hi):
    if lo < hi:
        pivot = a[(lo + hi) // 2]
        i = lo
        j = hi
        while i <= j:
            while a[i] < pivot:
                i += 1
            while a[j] > pivot:
                j -= 1
            if i <= j:
                a[i], a[j] = a[j], a[i]
                i += 1
                j -= 1
        quicksort(a, lo, j)
        quicksort(a, i, hi)


a = lcg_array(N)
quicksort(a, 0, N - 1)
checksum = 0
for i in range(N):
    if i > 0 and a[i - 1] > a[i]:
        raise SystemExit("not sorted at " + str(i))
    checksum = (checksum + a[i] * (i % 1000 + 1)) % 1000000007
result = checksum
if N == 200000 and result != 246316413:
    raise SystemExit("wrong result: " + str(result))
print(result)
