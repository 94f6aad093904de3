# queue_shift: breadth-first work list, N items taken from the front with shift while new
# ones are pushed at the back (an array used as a queue, as in BFS). Python's queue is a
# deque (list.pop(0) moves the whole list, as Sentra's shift did).
from collections import deque

N = 100000

q = deque()
for i in range(N):
    q.append(i)
s = 0
while len(q) > 0:
    x = q.popleft()
    s = s + x
    if x % 3 == 0 and x < N:
        q.append(x + N)
print(s)
