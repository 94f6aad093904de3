// loop_fn: a tight int loop inside a function (locals only).
"use strict";
const N = 5000000;

function run(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s = (s + i * i + 7) % 1000003;
  }
  return s;
}

const result = run(N);
if (N === 5000000 && result !== 998658) throw new Error("wrong result: " + result);
console.log(String(result));
