# fib: naive doubly recursive Fibonacci.
N = 30


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


result = fib(N)
if N == 30 and result != 832040:
    raise SystemExit("wrong result: " + str(result))
print(result)
