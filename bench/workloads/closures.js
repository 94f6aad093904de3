// closures: map/filter/reduce with lambdas, including lambdas that capture variables.
"use strict";
const N = 100000;

function makeAdder(k) {
  return (x) => x + k;
}

function run(n, rounds) {
  const xs = Array.from({ length: n }, (_, i) => i);
  let acc = 0;
  for (let r = 0; r < rounds; r++) {
    const add = makeAdder(r);
    const ys = xs.map((x) => add(x) * 3);
    const zs = ys.filter((y) => y % 2 === 0);
    const total = zs.reduce((a, b) => (a + b) % 1000003, 0);
    acc = (acc * 31 + total + zs.length) % 1000000007;
  }
  return acc;
}

const result = run(N, 10);
if (N === 100000 && result !== 207476926) throw new Error("wrong result: " + result);
console.log(String(result));
