// emoji_index: u[i] over every code point of a string with characters outside the BMP.
// JavaScript strings index UTF-16 units, so the code points are taken once (Array.from),
// which is what a JavaScript programmer writes for this.
"use strict";
const N = 600000;

const u = Array.from("a😀b".repeat(Math.floor(N / 3)));
let n = 0;
for (let i = 0; i < u.length; i++) {
  if (u[i] === "😀") n++;
}
console.log(String(n));
