# build_field: text built by appends to a map field and to an array slot.
N = 500
R = 2000


def build(n):
    o = {"text": ""}
    a = [""]
    for i in range(n):
        o["text"] = o["text"] + "line " + str(i) + "\n"
        a[0] = a[0] + str(i) + ","
    return len(o["text"]) + len(a[0])


total = 0
for r in range(R):
    total += build(N)
print(total)
