// map_int_keys: a map keyed by ints (ids, memo tables): N entries written as m[i] and read
// back as m[i] (the key of an int is str(i)).
"use strict";
const N = 100000;

const m = new Map();
for (let i = 0; i < N; i++) m.set(String(i * 7), i);
let t = 0;
for (let r = 0; r < 6; r++) {
  for (let i = 0; i < N; i++) t = t + m.get(String(i * 7));
}
console.log(String(t));
