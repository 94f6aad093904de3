// build_field: text built by appends to a map field and to an array slot.
"use strict";
const N = 500;
const R = 2000;

function build(n) {
  const o = { text: "" };
  const a = [""];
  for (let i = 0; i < n; i++) {
    o.text = o.text + "line " + String(i) + "\n";
    a[0] = a[0] + String(i) + ",";
  }
  return o.text.length + a[0].length;
}

let total = 0;
for (let r = 0; r < R; r++) total += build(N);
console.log(String(total));
