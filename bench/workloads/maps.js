// maps: insert and look up string keys in a Map.
"use strict";
const N = 200000;

function run(n) {
  const m = new Map();
  for (let i = 0; i < n; i++) {
    m.set("k" + String(i), i * 2);
  }
  let sum = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = m.get("k" + String((i * 7) % (n + n)));
    if (v === undefined) {
      missing++;
    } else {
      sum = (sum + v) % 1000000007;
    }
  }
  return sum + missing * 3 + m.size;
}

const result = run(N);
if (N === 200000 && result !== 857656985) throw new Error("wrong result: " + result);
console.log(String(result));
