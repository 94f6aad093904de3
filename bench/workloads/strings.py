# strings: string building (concatenation, str of ints), join, split and len.
N = 200000


def run(n):
    parts = []
    for i in range(n):
        parts.append("w" + str(i % 1000) + "-" + str(i % 7))
    text = " ".join(parts)
    words = text.split(" ")
    total = 0
    for w in words:
        total += len(w)
    csv = ",".join(words)
    fields = csv.split(",")
    dashes = 0
    for f in fields:
        halves = f.split("-")
        dashes += len(halves[1])
    return len(text) + len(csv) + total + len(fields) + dashes


result = run(N)
if N == 200000 and result != 4333998:
    raise SystemExit("wrong result: " + str(result))
print(result)
