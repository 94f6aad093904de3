# unshift_front: an array built by adding N elements in front (unshift), then emptied from
# the front with remove(a, 0) while reading its ends. Python's is a deque (list.insert(0)
# and list.pop(0) move the whole list).
from collections import deque

N = 50000

a = deque()
for i in range(N):
    a.appendleft(i)
s = 0
while len(a) > 1:
    s = s + a.popleft() - a[len(a) - 1]
print(s)
