// sieve: sieve of Eratosthenes.
"use strict";
const N = 2000000;

function sieve(n) {
  const flags = new Array(n + 1).fill(true);
  flags[0] = false;
  flags[1] = false;
  for (let i = 2; i * i <= n; i++) {
    if (flags[i]) {
      for (let j = i * i; j <= n; j += i) flags[j] = false;
    }
  }
  let count = 0;
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    if (flags[k]) {
      count++;
      sum = (sum + k) % 1000000007;
    }
  }
  return count * 1000000007 + sum;
}

const result = sieve(N);
if (N === 2000000 && result !== 148933914870459) throw new Error("wrong result: " + result);
console.log(String(result));
