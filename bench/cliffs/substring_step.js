// substring_step: substring(u, i, i + 3) at every code point of a string with emoji.
// JavaScript strings index UTF-16 units: the code points are taken once (Array.from).
"use strict";
const N = 600000;

const u = Array.from("x😀y".repeat(Math.floor(N / 3)));
let n = 0;
for (let i = 0; i < u.length; i++) {
  if (u.slice(i, i + 3).join("") === "x😀y") n++;
}
console.log(String(n));
