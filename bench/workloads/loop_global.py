# loop_global: the loop of loop_fn at module level (every variable is a global).
N = 5000000

s = 0
for i in range(N):
    s = (s + i * i + 7) % 1000003

result = s
if N == 5000000 and result != 998658:
    raise SystemExit("wrong result: " + str(result))
print(result)
