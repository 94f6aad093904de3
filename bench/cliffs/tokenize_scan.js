// tokenize_scan: a character-by-character scanner over one long source text: src[i],
// == chains against one-character strings, range tests (c >= "0" && c <= "9") and push.
"use strict";
const N = 4000;

const src = "(7 + 12) * x3 - (45 / (2 + yy)) + 100 * (7 - 3) - 14\n".repeat(N);
const toks = [];
let digits = 0;
let i = 0;
const n = src.length;
while (i < n) {
  const c = src[i];
  if (c === " " || c === "\n") { i++; continue; }
  if (c === "(" || c === ")" || c === "+" || c === "-" || c === "*" || c === "/") {
    toks.push(c);
    i++;
    continue;
  }
  let j = i;
  if (c >= "0" && c <= "9") {
    while (j < n && src[j] >= "0" && src[j] <= "9") j++;
    digits += j - i;
  } else {
    while (j < n && src[j] >= "a" && src[j] <= "z" || j < n && src[j] >= "0" && src[j] <= "9") j++;
  }
  toks.push(j - i);
  i = j;
}
console.log(String(toks.length) + " " + String(digits));
