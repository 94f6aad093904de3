# maps: insert and look up string keys in a dict.
N = 200000


def run(n):
    m = {}
    for i in range(n):
        m["k" + str(i)] = i * 2
    total = 0
    missing = 0
    for i in range(n):
        v = m.get("k" + str((i * 7) % (n + n)))
        if v is None:
            missing += 1
        else:
            total = (total + v) % 1000000007
    return total + missing * 3 + len(m)


result = run(N)
if N == 200000 and result != 857656985:
    raise SystemExit("wrong result: " + str(result))
print(result)
