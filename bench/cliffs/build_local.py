# build_local: a line built by appends to a local string (N appends of "," and "item" + i).
N = 500
R = 4000


def line(n):
    s = ""
    for i in range(n):
        s = s + ","
        s = s + "item" + str(i)
    return s


total = 0
for r in range(R):
    total += len(line(N))
print(total)
