# builtins: a loop dominated by calls of builtins (len, abs, min, max, str, floor, sqrt).
import math

N = 500000


def run(n):
    acc = 0
    arr = [1, 2, 3]
    for i in range(n):
        a = abs(i - 250000)
        b = min(a, 777) + max(i % 13, 5)
        c = math.floor(math.sqrt(i))
        d = len(str(i))
        acc = (acc + a + b + c + d + len(arr)) % 1000000007
    return acc


result = run(N)
if N == 500000 and result != 131313839:
    raise SystemExit("wrong result: " + str(result))
print(result)
