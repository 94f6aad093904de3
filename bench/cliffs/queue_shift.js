// queue_shift: breadth-first work list, N items taken from the front with shift while new
// ones are pushed at the back (an array used as a queue, as in BFS).
"use strict";
const N = 100000;

const q = [];
for (let i = 0; i < N; i++) q.push(i);
let s = 0;
while (q.length > 0) {
  const x = q.shift();
  s = s + x;
  if (x % 3 === 0 && x < N) q.push(x + N);
}
console.log(String(s));
