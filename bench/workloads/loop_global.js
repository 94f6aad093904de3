// loop_global: the loop of loop_fn at top level with globals. Node wraps a file in a
// function (top-level `let` would be a local), so this uses sloppy-mode implicit globals
// (assignment to undeclared names creates properties of the global object).
N = 5000000;

s = 0;
for (i = 0; i < N; i++) {
  s = (s + i * i + 7) % 1000003;
}

result = s;
if (N === 5000000 && result !== 998658) throw new Error("wrong result: " + result);
console.log(String(result));
