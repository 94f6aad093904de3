// quicksort: recursive in-place quicksort (Hoare partition, middle pivot) of an array
// filled by a deterministic Park-Miller LCG.
"use strict";
const N = 200000;

function lcgArray(n) {
  let seed = 42;
  const a = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 16807) % 2147483647;
    a.push(seed % 1000000);
  }
  return a;
}

function quicksort(a, lo, hi) {
  if (lo < hi) {
    const pivot = a[Math.floor((lo + hi) / 2)];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    quicksort(a, lo, j);
    quicksort(a, i, hi);
  }
}

const a = lcgArray(N);
quicksort(a, 0, N - 1);
let checksum = 0;
for (let i = 0; i < N; i++) {
  if (i > 0 && a[i - 1] > a[i]) throw new Error("not sorted at " + i);
  checksum = (checksum + a[i] * (i % 1000 + 1)) % 1000000007;
}
const result = checksum;
if (N === 200000 && result !== 246316413) throw new Error("wrong result: " + result);
console.log(String(result));
