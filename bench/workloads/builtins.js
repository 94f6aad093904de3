// builtins: a loop dominated by calls of builtins (length, abs, min, max, String, floor, sqrt).
"use strict";
const N = 500000;

function run(n) {
  let acc = 0;
  const arr = [1, 2, 3];
  for (let i = 0; i < n; i++) {
    const a = Math.abs(i - 250000);
    const b = Math.min(a, 777) + Math.max(i % 13, 5);
    const c = Math.floor(Math.sqrt(i));
    const d = String(i).length;
    acc = (acc + a + b + c + d + arr.length) % 1000000007;
  }
  return acc;
}

const result = run(N);
if (N === 500000 && result !== 131313839) throw new Error("wrong result: " + result);
console.log(String(result));
