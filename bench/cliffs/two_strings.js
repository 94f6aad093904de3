// two_strings: a[i] == b[i] over two long strings read in turn.
"use strict";
const N = 1000000;

const a = "ab".repeat(N / 2);
const b = "ab".repeat(N / 2 - 1) + "ba";
let same = 0;
for (let i = 0; i < a.length; i++) {
  if (a[i] === b[i]) same++;
}
console.log(String(same));
