// unshift_front: an array built by adding N elements in front (unshift), then emptied from
// the front with remove(a, 0) while reading its ends.
"use strict";
const N = 50000;

const a = [];
for (let i = 0; i < N; i++) a.unshift(i);
let s = 0;
while (a.length > 1) s = s + a.splice(0, 1)[0] - a[a.length - 1];
console.log(String(s));
