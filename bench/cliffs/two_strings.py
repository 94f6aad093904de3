# two_strings: a[i] == b[i] over two long strings read in turn.
N = 1000000

a = "ab" * (N // 2)
b = "ab" * (N // 2 - 1) + "ba"
same = 0
i = 0
while i < len(a):
    if a[i] == b[i]:
        same += 1
    i += 1
print(same)
