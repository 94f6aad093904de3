# map_int_keys: a map keyed by ints (ids, memo tables): N entries written as m[i] and read
# back as m[i] (the key of an int is str(i)).
N = 100000

m = {}
for i in range(N):
    m[str(i * 7)] = i
t = 0
for r in range(6):
    for i in range(N):
        t = t + m[str(i * 7)]
print(t)
