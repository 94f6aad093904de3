// build_local: a line built by appends to a local string (N appends of "," and "item" + i).
"use strict";
const N = 500;
const R = 4000;

function line(n) {
  let s = "";
  for (let i = 0; i < n; i++) {
    s = s + ",";
    s = s + "item" + String(i);
  }
  return s;
}

let total = 0;
for (let r = 0; r < R; r++) total += line(N).length;
console.log(String(total));
