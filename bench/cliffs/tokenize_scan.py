# tokenize_scan: a character-by-character scanner over one long source text: src[i],
# == chains against one-character strings, range tests (c >= "0" and c <= "9") and append.
N = 4000

src = "(7 + 12) * x3 - (45 / (2 + yy)) + 100 * (7 - 3) - 14\n" * N
toks = []
digits = 0
i = 0
n = len(src)
while i < n:
    c = src[i]
    if c == " " or c == "\n":
        i += 1
        continue
    if c == "(" or c == ")" or c == "+" or c == "-" or c == "*" or c == "/":
        toks.append(c)
        i += 1
        continue
    j = i
    if c >= "0" and c <= "9":
        while j < n and src[j] >= "0" and src[j] <= "9":
            j += 1
        digits += j - i
    else:
        while j < n and src[j] >= "a" and src[j] <= "z" or j < n and src[j] >= "0" and src[j] <= "9":
            j += 1
    toks.append(j - i)
    i = j
print(str(len(toks)) + " " + str(digits))
