// binary_trees: the Benchmarks Game binary-trees (allocation-heavy); a node is a
// two-element array [left, right], a leaf is [null, null].
"use strict";
const N = 14;

function make(d) {
  if (d === 0) return [null, null];
  return [make(d - 1), make(d - 1)];
}

function check(t) {
  if (t[0] === null) return 1;
  return 1 + check(t[0]) + check(t[1]);
}

function run(maxDepth) {
  const minDepth = 4;
  let total = check(make(maxDepth + 1));
  const longLived = make(maxDepth);
  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iterations = 2 ** (maxDepth - d + minDepth);
    let sum = 0;
    for (let i = 0; i < iterations; i++) sum += check(make(d));
    total += sum;
  }
  return total + check(longLived);
}

const result = run(N);
if (N === 14 && result !== 3222190) throw new Error("wrong result: " + result);
console.log(String(result));
