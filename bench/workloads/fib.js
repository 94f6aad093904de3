// fib: naive doubly recursive Fibonacci.
"use strict";
const N = 30;

function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

const result = fib(N);
if (N === 30 && result !== 832040) throw new Error("wrong result: " + result);
console.log(String(result));
