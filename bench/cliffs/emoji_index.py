# emoji_index: u[i] over every code point of a string with characters outside the BMP.
N = 600000

u = "a😀b" * (N // 3)
n = 0
i = 0
while i < len(u):
    if u[i] == "😀":
        n += 1
    i += 1
print(n)
