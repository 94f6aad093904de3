# closures: map/filter/reduce with lambdas, including lambdas that capture variables.
from functools import reduce

N = 100000


def make_adder(k):
    return lambda x: x + k


def run(n, rounds):
    xs = list(range(n))
    acc = 0
    for r in range(rounds):
        add = make_adder(r)
        ys = list(map(lambda x: add(x) * 3, xs))
        zs = list(filter(lambda y: y % 2 == 0, ys))
        total = reduce(lambda a, b: (a + b) % 1000003, zs, 0)
        acc = (acc * 31 + total + len(zs)) % 1000000007
    return acc


result = run(N, 10)
if N == 100000 and result != 207476926:
    raise SystemExit("wrong result: " + str(result))
print(result)
