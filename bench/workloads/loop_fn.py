# loop_fn: a tight int loop inside a function (locals only).
N = 5000000


def run(n):
    s = 0
    for i in range(n):
        s = (s + i * i + 7) % 1000003
    return s


result = run(N)
if N == 5000000 and result != 998658:
    raise SystemExit("wrong result: " + str(result))
print(result)
