// strings: string building (concatenation, String of ints), join, split and length.
"use strict";
const N = 200000;

function run(n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push("w" + String(i % 1000) + "-" + String(i % 7));
  }
  const text = parts.join(" ");
  const words = text.split(" ");
  let total = 0;
  for (const w of words) total += w.length;
  const csv = words.join(",");
  const fields = csv.split(",");
  let dashes = 0;
  for (const f of fields) {
    const halves = f.split("-");
    dashes += halves[1].length;
  }
  return text.length + csv.length + total + fields.length + dashes;
}

const result = run(N);
if (N === 200000 && result !== 4333998) throw new Error("wrong result: " + result);
console.log(String(result));
