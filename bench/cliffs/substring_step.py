# substring_step: substring(u, i, i + 3) at every code point of a string with emoji.
N = 600000

u = "x😀y" * (N // 3)
n = 0
i = 0
while i < len(u):
    if u[i:i + 3] == "x😀y":
        n += 1
    i += 1
print(n)
