# binary_trees: the Benchmarks Game binary-trees (allocation-heavy); a node is a
# two-element list [left, right], a leaf is [None, None].
N = 14


def make(d):
    if d == 0:
        return [None, None]
    return [make(d - 1), make(d - 1)]


def check(t):
    if t[0] is None:
        return 1
    return 1 + check(t[0]) + check(t[1])


def run(max_depth):
    min_depth = 4
    total = check(make(max_depth + 1))
    long_lived = make(max_depth)
    for d in range(min_depth, max_depth + 1, 2):
        iterations = 2 ** (max_depth - d + min_depth)
        s = 0
        for _ in range(iterations):
            s += check(make(d))
        total += s
    return total + check(long_lived)


result = run(N)
if N == 14 and result != 3222190:
    raise SystemExit("wrong result: " + str(result))
print(result)
