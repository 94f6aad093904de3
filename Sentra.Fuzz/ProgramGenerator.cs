// The program generator of the differential runner. A seed gives one program, always the
// same one (System.Random with a seed is stable across runs and machines). A program is a
// few independent sections, each exercising one feature the JIT speculates on: a function is
// made hot on one kind of argument (50-2000 calls from a loop) and then sees the others,
// ints cross the int64 boundary, a builtin or a callee is replaced once compiled code has
// bound it, errors and thrown values of every kind cross compiled frames. Every section
// prints what it computes, so any difference between tiers shows in the output.
//
// Programs are valid, deterministic (no random(), no time) and bounded: loop counts are
// literals, recursion depths are small except in the one deliberate stack overflow, and
// calls that may fail go through a hot "probe" function whose try/catch (and sometimes
// finally, or a loop with break and continue out of its handlers) turns the error into
// text, or through a try in the hot loop itself. A section is wrapped in a function half of
// the time, so its loops compile as a function's loops; errors cross compiled frames on
// their way to compiled handlers. Every statement is on its own line, so the reducer can
// delete lines.
using System.Text;

namespace Sentra.Fuzz;

/// <summary>One generated program and the generator features it covers.</summary>
public sealed record GeneratedProgram(int Seed, string Source, IReadOnlySet<string> Coverage);

/// <summary>Writes seeded Sentra programs aimed at the JIT (see the file header).</summary>
public sealed class ProgramGenerator
{
    // declared before the lists built from them (static fields initialize in order)
    private static readonly string[] Kinds = ["int", "float", "string", "array", "map", "nil", "bool", "function"];
    private static readonly string[] ThrownKinds = ["int", "float", "string", "nil", "bool", "array", "map", "function", "runtime-error"];

    /// <summary>The section kinds, one per feature of issue 16's list.</summary>
    public static readonly string[] Features =
    [
        "hot-then-other-kinds", "int-overflow-edge", "mixed-int-float-compare", "div-mod-zero-in-try",
        "missing-keys-out-of-range", "closures-mutate-loop-vars", "recursion", "loop-forms",
        "try-finally-hot-loop", "builtins-hot-loop", "builtin-redefined", "callee-replaced",
        "match-hot", "random-expr", "deopt-mid-expression", "kind-change-in-loop",
    ];

    /// <summary>Every coverage key a long enough seed range must reach (features and their variants).</summary>
    public static IReadOnlyList<string> AllCoverageKeys { get; } =
    [
        .. Features.Select(f => "feature:" + f),
        .. Kinds.Select(k => "argkind:" + k),
        .. ThrownKinds.Select(k => "thrown:" + k),
        "loop:while", "loop:for", "loop:for-in-array", "loop:for-in-map", "loop:for-in-string", "loop:forever",
        "loop:break", "loop:continue", "section:wrapped", "section:top-level", "recursion:stack-overflow",
        "replaced:function", "replaced:non-function", "replaced:arity",
        "try:probe-catch", "try:probe-finally", "try:probe-loop", "try:in-hot-loop",
    ];

    private static readonly Dictionary<string, string[]> s_literals = new()
    {
        ["int"] = ["0", "1", "-3", "7", "42", "1000", "-9223372036854775807", "9223372036854775807", "4611686018427387904", "3037000499", "9007199254740993"],
        ["float"] = ["0.5", "-2.25", "pow(10.0, 300)", "0.1", "-0.0", "0.00000015", "9007199254740992.0", "9223372036854775808.0", "3.0"],
        ["string"] = ["\"\"", "\"a\"", "\"10\"", "\"h\u00e9llo\"", "\"x y\""],
        ["array"] = ["[]", "[1, 2, 3]", "[1.5, \"x\", nil]", "[[1], {a: 1}]"],
        ["map"] = ["{}", "{a: 1, b: \"x\"}", "{\"1\": 2}"],
        ["nil"] = ["nil"],
        ["bool"] = ["true", "false"],
        ["function"] = ["fn(x) => x", "len", "fn() => 1"],
    };

    private static readonly string[] s_edgeInts =
        ["9223372036854775807", "9223372036854775800", "-9223372036854775807", "(-9223372036854775807 - 1)", "4611686018427387904", "3037000499", "-3037000500", "9007199254740993"];

    private readonly Random _rng;
    private readonly StringBuilder _sb = new();
    private readonly HashSet<string> _coverage = [];
    private int _indent;

    private ProgramGenerator(int seed) => _rng = new Random(seed);

    /// <summary>The program of a seed. The seed's first section is feature <c>seed % Features.Length</c>, so any run of that many consecutive seeds covers every feature.</summary>
    public static GeneratedProgram Generate(int seed)
    {
        var g = new ProgramGenerator(seed);
        int sections = 2 + g._rng.Next(3);
        g.Line($"// generated program, seed {seed}");
        for (int s = 0; s < sections; s++)
        {
            int feature = s == 0 ? (int)((uint)seed % (uint)Features.Length) : g._rng.Next(Features.Length);
            g.Section(s, feature);
        }
        return new GeneratedProgram(seed, g._sb.ToString(), g._coverage);
    }

    // ---- output helpers ----

    private void Line(string text) => _sb.Append(' ', 2 * _indent).Append(text).Append('\n');

    private void Open(string header)
    {
        Line(header + " {");
        _indent++;
    }

    private void Close(string tail = "")
    {
        _indent--;
        Line("}" + tail);
    }

    private void Cover(string key) => _coverage.Add(key);

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private bool Chance(double p) => _rng.NextDouble() < p;

    private int HotCount() => Pick([50, 60, 100, 200, 300, 500, 1000, 2000]);

    private string Lit(string kind) => Pick(s_literals[kind]);

    /// <summary>
    /// A probe: calls the callee with the arguments inside a try and returns the result or
    /// the error as text. Probes are hot (the sections call them from their hot loops), so
    /// their handlers are compiled code: a plain try/catch; a try/catch/finally whose finally
    /// counts the calls (the count shows in the error text, so a finally that runs too
    /// often, too rarely or late changes the output); or a loop whose first iteration throws
    /// an int caught in the same function, with continue out of the catch, break out of the
    /// try and a finally on every iteration.
    /// </summary>
    private void Probe(string name, string callee, int arity)
    {
        var ps = string.Join(", ", Enumerable.Range(0, arity).Select(i => "p" + i));
        // concatenation, not str(): str may be the builtin a section has just redefined
        switch (_rng.Next(3))
        {
            case 0:
                Cover("try:probe-catch");
                Open($"fn {name}({ps})");
                Line($"try {{ return \"\" + {callee}({ps}) }} catch e {{ return \"err \" + e }}");
                Close();
                break;
            case 1:
                Cover("try:probe-finally");
                Line($"let n{name} = 0");
                Open($"fn {name}({ps})");
                Open("try");
                Line($"return \"\" + {callee}({ps})");
                Close(" catch e {");
                _indent++;
                Line($"return \"err \" + e + \" #\" + n{name}");
                Close(" finally {");
                _indent++;
                Line($"n{name} = n{name} + 1");
                Close();
                Close();
                break;
            default:
                Cover("try:probe-loop");
                Line($"let n{name} = 0");
                Open($"fn {name}({ps})");
                Line("let out = nil");
                Open("for (let k = 0; k < 3; k = k + 1)");
                Open("try");
                Line("if k == 0 { throw k }");
                Line($"out = \"\" + {callee}({ps})");
                Line("break");
                Close(" catch e {");
                _indent++;
                Line("if k == 0 { continue }");
                Line($"out = \"err \" + e + \" #\" + n{name}");
                Line("break");
                Close(" finally {");
                _indent++;
                Line($"n{name} = n{name} + 1");
                Close();
                Close();
                Line("return out");
                Close();
                break;
        }
    }

    // ---- sections ----

    private void Section(int s, int feature)
    {
        bool wrapped = Chance(0.5);
        Cover("feature:" + Features[feature]);
        Cover(wrapped ? "section:wrapped" : "section:top-level");
        Line($"// section {s}: {Features[feature]}");
        if (wrapped) Open($"fn sec{s}()");
        else Open("if true");
        switch (feature)
        {
            case 0: HotThenOtherKinds(s); break;
            case 1: IntOverflow(s); break;
            case 2: MixedCompare(s); break;
            case 3: DivModZero(s); break;
            case 4: Containers(s); break;
            case 5: Closures(s); break;
            case 6: Recursion(s); break;
            case 7: LoopForms(s); break;
            case 8: TryInHotLoop(s); break;
            case 9: HotBuiltins(s); break;
            case 10: BuiltinRedefined(s); break;
            case 11: CalleeReplaced(s); break;
            case 12: MatchHot(s); break;
            case 13: RandomExpr(s); break;
            case 14: DeoptMidExpression(s); break;
            default: KindChangeInLoop(s); break;
        }
        Close();
        if (wrapped) Line($"sec{s}()");
    }

    private void HotThenOtherKinds(int s)
    {
        Open($"fn h{s}(a, b)");
        if (Chance(0.5))
        {
            Line("let t = 0");
            Open($"for (let j = 0; j < {1 + _rng.Next(4)}; j = j + 1)");
            Line($"t = t + {Expr(2, ["a", "b", "j"])}");
            Close();
            Line("return t");
        }
        else Line($"return {Expr(3, ["a", "b"])}");
        Close();
        Probe($"pr{s}", $"h{s}", 2);
        int n = HotCount();
        Line($"let acc{s} = 0");
        Line($"let errs{s} = 0");
        Open($"for (let i = 0; i < {n}; i = i + 1)");
        if (Chance(0.5))
        {
            // the handler in the hot loop itself, around the hot callee
            Cover("try:in-hot-loop");
            Line("let r = nil");
            Line($"try {{ r = \"\" + h{s}(i, i % 7 - 3) }} catch e {{ r = \"err \" + e }} finally {{ acc{s} = acc{s} + 1 }}");
        }
        else Line($"let r = pr{s}(i, i % 7 - 3)");
        Line($"if r.starts_with(\"err\") {{ errs{s} = errs{s} + 1 }} else {{ acc{s} = acc{s} + len(r) }}");
        Line($"if i % {Pick([17, 50, 99])} == 0 {{ log(r) }}");
        Close();
        Line($"log(\"hot {s}: \" + str(acc{s}) + \" \" + str(errs{s}))");
        // then every other kind, in both argument positions
        var kinds = Kinds.OrderBy(_ => _rng.Next()).Take(3 + _rng.Next(Kinds.Length - 2)).ToList();
        foreach (var k in kinds)
        {
            Cover("argkind:" + k);
            Line($"log(pr{s}({Lit(k)}, {Lit(Pick(Kinds))}))");
            Line($"log(pr{s}({Lit("int")}, {Lit(k)}))");
        }
        // and back to ints, now possibly deoptimized or compiled generically
        Open($"for (let i = 0; i < {Pick([10, 60, 200])}; i = i + 1)");
        Line($"acc{s} = acc{s} + len(pr{s}(i * 3, 2))");
        Close();
        Line($"log(acc{s})");
    }

    private void IntOverflow(int s)
    {
        var op = Pick(["+", "-", "*", "%"]);
        Line($"fn ov{s}(x, y) {{ return x {op} y }}");
        Line($"fn ng{s}(x) {{ return -x }}");
        Line($"let r{s} = 0");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"r{s} = ov{s}(i, 3) + ng{s}(i)");
        Close();
        Line($"log(r{s})");
        var edge = Pick(s_edgeInts);
        Open($"for (let i = 0; i < {4 + _rng.Next(10)}; i = i + 1)");
        Line($"let v = ov{s}({edge}, i * {Pick(["1", "2", "1000", "3037000499"])})");
        Line("log(str(v) + \" \" + type(v))");
        Close();
        Line($"log(type(ng{s}({Pick(s_edgeInts)})))");
        Line($"log(ng{s}({Pick(s_edgeInts)}))");
        // a counter crossing the boundary inside a compiled loop
        Line($"let c{s} = {Pick(["9223372036854775800", "-9223372036854775800", "4611686018427387900"])}");
        Line($"let k{s} = 0");
        Open($"while k{s} < {10 + _rng.Next(10)}");
        Line($"c{s} = c{s} {Pick(["+ 1", "- 1", "* 2", "+ k" + s])}");
        Line($"k{s} = k{s} + 1");
        Close();
        Line($"log(str(c{s}) + \" \" + type(c{s}))");
        Line($"let m{s} = 1");
        Open($"for (let i = 0; i < {40 + _rng.Next(40)}; i = i + 1)");
        Line($"m{s} = m{s} * {Pick(["3", "7", "-2", "10"])}");
        Close();
        Line($"log(m{s})");
        Line($"log(abs({Pick(s_edgeInts)}))");
        // the one int remainder that overflows in .NET (long.MinValue % -1) and its product twin
        Line($"fn rm{s}(a, b) {{ return [a % b, a * b, a - b] }}");
        Line($"for (let i = 1; i < {HotCount()}; i = i + 1) {{ rm{s}(i, {Pick(["-1", "7", "i"])}) }}");
        Line($"log(rm{s}((-9223372036854775807 - 1), -1))");
        Line($"log(rm{s}({Pick(s_edgeInts)}, {Pick(["-1", "1", "2", "-2"])}))");
    }

    private void DeoptMidExpression(int s)
    {
        // a compiled caller with values live on its operand stack when a callee's result
        // (speculated int from the profile) turns into another kind
        int switchAt = Pick([40, 120, 600, 1500]);
        Line($"fn src{s}(i) {{ if i < {switchAt} {{ return i % 50 }} return {Lit(Pick(Kinds))} }}");
        Line($"fn use{s}(i, k) {{ let t = k * 3  return [t, (t + src{s}(i)) * 2 - k, t] }}");
        Line($"fn use2{s}(i, k) {{ return k + src{s}(i) * (k - src{s}(i + 1)) }}");
        Probe($"pu{s}", $"use2{s}", 2);
        Line($"let acc{s} = 0");
        Line($"let errs{s} = 0");
        Open($"for (let i = 0; i < {switchAt + Pick([5, 60, 300])}; i = i + 1)");
        Line($"let r = pu{s}(i, i % 5)");
        Line($"if r.starts_with(\"err\") {{ errs{s} = errs{s} + 1 }} else {{ acc{s} = acc{s} + len(r) }}");
        Line($"if i % 97 == 0 || i == {switchAt} {{ log(r) }}");
        Close();
        Line($"log(str(acc{s}) + \" \" + str(errs{s}))");
        Line($"let v{s} = nil");
        Line($"for (let i = 0; i < {switchAt}; i = i + 1) {{ v{s} = use{s}(i, 2) }}");
        Line($"log(v{s})");
        Line($"try {{ log(use{s}({switchAt + 3}, 2)) }} catch e {{ log(\"caught \" + e) }}");
    }

    private void KindChangeInLoop(int s)
    {
        // a loop variable whose kind changes after the loop is compiled (on-stack replacement
        // entered with ints, then a float, a string or an overflowing int in the same slot)
        int n = HotCount();
        int at = _rng.Next(n);
        var change = Pick(["x + 0.5", "\"s\" + str(x)", "9223372036854775800", "nil", "[x]", "x * 1.0", "-x"]);
        Open($"fn kc{s}(n, at)");
        Line("let x = 0");
        Line("let y = 1");
        Line("let z = 0.5");
        Open("for (let i = 0; i < n; i = i + 1)");
        Line("if i == at { x = " + change + " }");
        Line("if type(x) == \"int\" || type(x) == \"number\" { x = x + i } else { y = y + 1 }");
        Line("y = y * 3 % 1000003");
        Line("z = z + y");
        Close();
        Line("return [x, y, z]");
        Close();
        Line($"log(kc{s}({n}, -1))");
        Line($"log(kc{s}({n}, {at}))");
        Line($"log(kc{s}(10, 5))");
        Line($"log(kc{s}({n}, {at}))");
        // the same in a loop of the section itself
        Line($"let x{s} = 0");
        Line($"let w{s} = 0");
        Open($"while w{s} < {n}");
        Line($"w{s} = w{s} + 1");
        Line($"if w{s} == {at} {{ x{s} = {change.Replace("x", "x" + s)} }}");
        Line($"if type(x{s}) == \"int\" {{ x{s} = x{s} + w{s} * w{s} }} else {{ if type(x{s}) == \"number\" {{ x{s} = x{s} / 2 }} }}");
        Close();
        Line($"log(x{s})");
    }

    private void MixedCompare(int s)
    {
        Line($"fn cm{s}(a, b) {{ return [a < b, a <= b, a > b, a >= b, a == b, a != b] }}");
        Probe($"pc{s}", $"cm{s}", 2);
        Line($"let t{s} = 0");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"let r = cm{s}(i, {Pick(["i % 10", "50", "i - 1", "i * 2 - 100"])})");
        Line($"if r[0] {{ t{s} = t{s} + 1 }}");
        Line($"if r[4] {{ t{s} = t{s} + 100 }}");
        Close();
        Line($"log(t{s})");
        string[][] pairs =
        [
            ["9007199254740993", "9007199254740992.0"], ["9223372036854775807", "9223372036854775808.0"],
            ["1", "1.0"], ["0", "-0.0"], ["sqrt(-1)", "1"], ["-1", "-0.5"], ["\"a\"", "\"b\""], ["1", "\"1\""],
            ["nil", "nil"], ["[1]", "[1.0]"], ["-9223372036854775807", "-9223372036854775808.0"], ["0.1 + 0.2", "0.3"],
            ["3", "2.9999999999999996"], ["true", "1"],
        ];
        foreach (var p in pairs.OrderBy(_ => _rng.Next()).Take(5 + _rng.Next(6)))
            Line(Chance(0.5) ? $"log(pc{s}({p[0]}, {p[1]}))" : $"log(pc{s}({p[1]}, {p[0]}))");
        // a comparison loop whose bound is a float
        Line($"let n{s} = 0");
        Open($"for (let i = 0; i < {Pick(["10.5", "99.99", "3.0"])}; i = i + 1)");
        Line($"n{s} = n{s} + 1");
        Close();
        Line($"log(n{s})");
    }

    private void DivModZero(int s)
    {
        var op = Pick(["/", "%"]);
        Line($"fn dv{s}(a, b) {{ return a {op} b }}");
        Line($"let sum{s} = 0");
        Line($"let errs{s} = 0");
        Line($"let fin{s} = 0");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"let d = i % {Pick([3, 5, 11])} - {Pick([0, 1, 2])}");
        Open("try");
        Line($"sum{s} = sum{s} + dv{s}({Pick(["i", "i * 1.5", "-i", "i + 0.25"])}, d)");
        Line($"sum{s} = sum{s} + i {Pick(["%", "/"])} {Pick(["d", "(d * 1.0)"])}");
        Close(" catch e {");
        _indent++;
        Line($"errs{s} = errs{s} + 1");
        Line($"if errs{s} < 3 {{ log(e) }}");
        Close(" finally {");
        _indent++;
        Line($"fin{s} = fin{s} + 1");
        Close();
        Close();
        Line($"log(str(sum{s}) + \" \" + str(errs{s}) + \" \" + str(fin{s}))");
        foreach (var d in new[] { "0", "0.0", "-0.0", "nil", "\"x\"" }.OrderBy(_ => _rng.Next()).Take(3))
            Line($"try {{ log(dv{s}({Lit(Pick(["int", "float"]))}, {d})) }} catch e {{ log(\"caught \" + e) }}");
        Line($"try {{ log({Lit("int")} % 0) }} catch e {{ log(e) }}");
    }

    private void Containers(int s)
    {
        Line($"fn get{s}(c, k) {{ return c[k] }}");
        Probe($"pg{s}", $"get{s}", 2);
        Line($"let arr{s} = {Pick(["[1, 2, 3]", "[10, 20, 30, 40, 50]", "[1.5, 2.5]", "[\"a\", nil, 3]", "range(0, 8)"])}");
        Line($"let map{s} = {Pick(["{a: 1, b: 2}", "{\"1\": \"one\", x: [1]}", "{}"])}");
        Line($"let str{s} = {Pick(["\"hello\"", "\"\"", "\"h\u00e9llo w\"", "\"ab\""])}");
        Line($"let acc{s} = \"\"");
        Line($"let nils{s} = 0");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"let v = get{s}(arr{s}, i % (len(arr{s}) + {1 + _rng.Next(4)}))");
        Line($"if v == nil {{ nils{s} = nils{s} + 1 }}");
        Line($"if i < 12 {{ acc{s} = acc{s} + str(v) + \",\" }}");
        Close();
        Line($"log(acc{s} + \" \" + str(nils{s}))");
        string[] keys = ["-1", "1.7", "\"x\"", "nil", "99", "0", "\"a\"", "\"1\"", "1", "true", "9223372036854775807", "-0.0"];
        foreach (var k in keys.OrderBy(_ => _rng.Next()).Take(4 + _rng.Next(5)))
        {
            Line($"log(pg{s}(arr{s}, {k}))");
            Line($"log(pg{s}(map{s}, {k}))");
            Line($"log(pg{s}(str{s}, {k}))");
        }
        Line($"log(pg{s}({Pick(["nil", "5", "true", "fn() => 1", "2.5"])}, 0))");
        Line($"log(map{s}.missing)");
        Line($"log(arr{s}.length + str{s}.length)");
        Line($"try {{ arr{s}[{Pick(["-1", "\"k\"", "nil"])}] = 1 }} catch e {{ log(e) }}");
        Line($"arr{s}[len(arr{s}) + {_rng.Next(3)}] = \"end\"");
        Line($"log(arr{s})");
        Line($"map{s}[{Pick(["1", "\"k\"", "nil", "true", "2.5"])}] = \"v\"");
        Line($"log(map{s})");
        Line($"log(keys(map{s}))");
        Line($"log(has_key(map{s}, \"zz\"))");
        Line("let em = []");
        Line("log(em.pop())");
        Line($"log(slice(arr{s}, {Pick(["1", "-1", "99"])}))");
        Line($"log(substring(str{s}, {Pick(["1, 3", "-2, 99", "3, 1"])}))");
        Line($"log(char_at(str{s}, {Pick(["0", "99", "-1"])}))");
        Line($"try {{ log(remove(arr{s}, 99)) }} catch e {{ log(e) }}");
    }

    private void Closures(int s)
    {
        Line($"let fs{s} = []");
        Cover("loop:for-in-array");
        Open($"for x in {Pick(["[1, 2, 3]", "range(0, 4)", "[\"a\", \"b\"]"])}");
        Line($"fs{s}.push(fn() => x + x)");
        Close();
        Cover("loop:for");
        Open($"for (let i = 0; i < {2 + _rng.Next(3)}; i = i + 1)");
        Line($"fs{s}.push(fn() => i)");
        Close();
        Line($"let j{s} = 0");
        Cover("loop:while");
        Open($"while j{s} < {2 + _rng.Next(3)}");
        Line($"let k = j{s} * 10");
        Line($"fs{s}.push(fn() {{ k = k + 1  return k }})");
        Line($"j{s} = j{s} + 1");
        Close();
        Line($"for f in fs{s} {{ log(f()) }}");
        Line($"for f in fs{s} {{ log(f()) }}");
        // a counter made hot, whose captured variable changes kind
        Open($"fn mk{s}(start)");
        Line("let n = start");
        Line("return fn(d) { n = n + d  return n }");
        Close();
        Line($"let c{s} = mk{s}({Pick(["0", "0.5", "9223372036854775000"])})");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"c{s}(i % 3)");
        Close();
        Line($"log(c{s}(0))");
        Line($"log(c{s}({Pick(["0.25", "\"s\"", "1"])}))");
        // closures mutating the loop variable they capture, in a hot loop
        Line($"let cnt{s} = 0");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line("let bump = fn() { i = i + 1 }");
        Line($"if i % {Pick([3, 5, 7])} == 0 {{ bump() }}");
        Line($"cnt{s} = cnt{s} + 1");
        Close();
        Line($"log(cnt{s})");
        Line($"let last{s} = nil");
        Open($"for v in range(0, {HotCount()})");
        Line($"last{s} = fn() => v * 2");
        Line("v = v + 1");
        Close();
        Line($"log(last{s}())");
    }

    private void Recursion(int s)
    {
        Line($"fn fib{s}(n) {{ if n < 2 {{ return n }} return fib{s}(n - 1) + fib{s}(n - 2) }}");
        Line($"log(fib{s}({10 + _rng.Next(8)}))");
        Line($"log(fib{s}({Pick(["2.5", "10.0", "-1", "\"x\" == 1"])}))");
        Line($"fn ev{s}(n) {{ if n == 0 {{ return true }} return od{s}(n - 1) }}");
        Line($"fn od{s}(n) {{ if n == 0 {{ return false }} return ev{s}(n - 1) }}");
        Line($"log(ev{s}({_rng.Next(300)}))");
        Line($"fn sumto{s}(n) {{ if n <= 0 {{ return 0 }} return n + sumto{s}(n - 1) }}");
        Line($"log(sumto{s}({Pick(["100", "500", "1000"])}))");
        Line($"log(sumto{s}({Pick(["10.5", "3", "0.1"])}))");
        Probe($"ps{s}", $"sumto{s}", 1);
        Line($"log(ps{s}({Pick(["\"x\"", "nil", "[1]"])}))");
        if (Chance(0.15))
        {
            Cover("recursion:stack-overflow");
            Line($"log(ps{s}(20000))");
        }
        Line($"fn acker{s}(m, n) {{ if m == 0 {{ return n + 1 }} if n == 0 {{ return acker{s}(m - 1, 1) }} return acker{s}(m - 1, acker{s}(m, n - 1)) }}");
        Line($"log(acker{s}(2, {_rng.Next(6)}))");
    }

    private void LoopForms(int s)
    {
        Line($"let out{s} = []");
        Line($"let total{s} = 0");
        Cover("loop:for"); Cover("loop:break"); Cover("loop:continue");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"if i % {Pick([2, 3, 7])} == 0 {{ continue }}");
        Line($"if i > {Pick([30, 500, 5000])} {{ break }}");
        Line($"total{s} = total{s} + i");
        Close();
        Line($"log(total{s})");
        Cover("loop:while");
        Line($"let w{s} = 0");
        Open("while true");
        Line($"w{s} = w{s} + 1");
        Line($"if w{s} % 2 == 1 {{ continue }}");
        Line($"if w{s} > {HotCount()} {{ break }}");
        Line($"total{s} = total{s} - 1");
        Close();
        Line($"log(total{s})");
        Cover("loop:for-in-array");
        Open($"for x in range(0, {HotCount()})");
        Line($"if x % {Pick([4, 5])} == 1 {{ continue }}");
        Line($"if x == {Pick([40, 77, 3000])} {{ break }}");
        Line($"if x < 8 {{ out{s}.push(x) }}");
        Close();
        Line($"log(out{s})");
        Cover("loop:for-in-map");
        Line($"let mp{s} = {{a: 1, b: 2, c: 3, d: 4}}");
        Open($"for k in mp{s}");
        Line("if k == \"b\" { continue }");
        Line($"if k == \"{Pick(["c", "d", "z"])}\" {{ break }}");
        Line($"log(k + \"=\" + str(mp{s}[k]))");
        Line($"mp{s}[k + k] = 0");
        Close();
        Line($"log(len(mp{s}))");
        Cover("loop:for-in-string");
        Line($"let st{s} = \"\"");
        Open($"for ch in \"{Pick(["abcdef", "h\u00e9llo", "x"])}\"");
        Line("if ch == \"c\" { continue }");
        Line($"st{s} = ch + st{s}");
        Close();
        Line($"log(st{s})");
        Cover("loop:forever");
        Line($"let f{s} = 0");
        Open("for (;;)");
        Line($"f{s} = f{s} + 3");
        Line($"if f{s} > {HotCount()} {{ break }}");
        Close();
        Line($"log(f{s})");
        // nested loops: break and continue act on the innermost loop only
        Line($"let nc{s} = 0");
        Open($"for (let i = 0; i < {10 + _rng.Next(40)}; i = i + 1)");
        Line($"let j = 0");
        Open("while j < i");
        Line("j = j + 1");
        Line($"if (i + j) % {Pick([3, 4])} == 0 {{ continue }}");
        Line($"if j > {Pick([5, 9])} {{ break }}");
        Line($"nc{s} = nc{s} + j");
        Close();
        Close();
        Line($"log(nc{s})");
        // the for-in array grows while iterated: the new elements are visited
        Line($"let g{s} = [1, 2]");
        Open($"for x in g{s}");
        Line($"if len(g{s}) < {5 + _rng.Next(20)} {{ g{s}.push(x * 2) }}");
        Close();
        Line($"log(g{s})");
    }

    private void TryInHotLoop(int s)
    {
        Open($"fn th{s}(i)");
        Open("match i % 10");
        Line("0 => { throw i }");
        Line("1 => { throw i * 1.5 }");
        Line("2 => { throw \"s\" + str(i) }");
        Line("3 => { throw nil }");
        Line("4 => { throw i % 4 == 0 }");
        Line("5 => { throw [i, \"a\"] }");
        Line("6 => { throw {k: i} }");
        Line("7 => { throw fn(x) => x }");
        Line($"8 => {{ return {Pick(["1 / (i - i)", "nil.x", "len(5)", "[1] - 1", "(fn(a) => a)()", "undefined_name"])} }}");
        Line("_ => { return i }");
        Close();
        Close();
        foreach (var k in ThrownKinds) Cover("thrown:" + k);
        Line($"let ty{s} = {{}}");
        Line($"let fin{s} = 0");
        Line($"let ok{s} = 0");
        Cover("loop:break"); Cover("loop:continue");
        Open($"fn runt{s}(n)");
        Open("for (let i = 0; i < n; i = i + 1)");
        Open("try");
        Line($"ok{s} = ok{s} + th{s}(i)");
        Line($"if i == {Pick([13, 29, 300])} {{ break }}");
        Line($"if i % 11 == 0 {{ continue }}");
        Close(" catch e {");
        _indent++;
        Line("let t = type(e)");
        Line($"ty{s}[t] = (ty{s}[t] || 0) + 1");
        Line($"if i == {Pick([25, 47])} {{ return \"returned from catch\" }}");
        Close(" finally {");
        _indent++;
        Line($"fin{s} = fin{s} + 1");
        Close();
        Close();
        Line("return \"done\"");
        Close();
        Line($"log(runt{s}({HotCount()}))");
        Line($"log(ty{s})");
        Line($"log(str(fin{s}) + \" \" + str(ok{s}))");
        // nested try: finally without catch, rethrow, and the value of every kind reaching the outer catch
        Open($"for (let i = 0; i < {Pick([20, 60, 200])}; i = i + 1)");
        Open("try");
        Open("try");
        Line($"th{s}(i)");
        Close(" finally {");
        _indent++;
        Line($"fin{s} = fin{s} + 1");
        Close();
        Close(" catch e {");
        _indent++;
        Line($"if i < 10 {{ log(e) }}");
        Close();
        Close();
        Line($"log(fin{s})");
        Line($"fn rt{s}() {{ try {{ return th{s}({_rng.Next(10)}) }} catch e {{ throw [e] }} }}");
        Line($"try {{ log(rt{s}()) }} catch e {{ log(e) }}");
    }

    private void HotBuiltins(int s)
    {
        string[] uses =
        [
            "len(str(x))", "abs(x - 50)", "max(x, 3)", "min(x, -x)", "floor(x / 3)", "round(x / 4)", "ceil(x / 7)",
            "type(x) == \"int\"", "int(x * 1.5)", "float(x)", "str(x).length", "pow(2, x % 10)", "sqrt(x * x)",
            "contains(str(x), \"1\")", "index_of(str(x), \"3\")", "len(range(0, x % 5))", "sum([x, 1, 2])",
            "upper(\"a\" + str(x))", "substring(\"abcdef\", x % 4, 5)", "len(split(\"a,b,\" + str(x), \",\"))",
            "join([x, x], \"-\")", "has_key({a: x}, \"a\")", "parse_int(str(x) + \"z\")", "char_at(\"xyz\", x % 4)",
        ];
        var chosen = uses.OrderBy(_ => _rng.Next()).Take(3 + _rng.Next(4)).ToList();
        Line($"fn bu{s}(x) {{ return [{string.Join(", ", chosen)}] }}");
        Probe($"pb{s}", $"bu{s}", 1);
        Line($"let last{s} = nil");
        Line($"let xs{s} = []");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"last{s} = bu{s}(i)");
        Line($"xs{s}.push(i % 9)");
        Line($"if len(xs{s}) > 5 {{ xs{s}.shift() }}");
        Close();
        Line($"log(last{s})");
        Line($"log(xs{s})");
        Line($"log(sort(xs{s}))");
        Line($"log(reverse(xs{s}).join(\"\"))");
        foreach (var k in new[] { "float", "string", "nil", "array", "int" }.OrderBy(_ => _rng.Next()).Take(3))
            Line($"log(pb{s}({Lit(k)}))");
        Line($"log(xs{s}.map(fn(v) => v * 2).filter(fn(v) => v > 4).reduce(fn(a, b) => a + b, 0))");
    }

    private void BuiltinRedefined(int s)
    {
        var (name, replacement) = Pick<(string, string)>(
        [
            ("len", "fn(x) => 2"), ("abs", "fn(x) => x * 10"), ("str", "fn(x) => \"S\""), ("max", "fn(a, b) => a"),
            ("type", "fn(x) => \"T\""), ("min", "fn(a, b) => 0.5"),
        ]);
        string use = name switch
        {
            "len" => "len(xs)", "abs" => "abs(i - 3)", "str" => "len(str(i))", "max" => "max(i, 2)",
            "type" => "len(type(i))", _ => "min(i, 7)",
        };
        Open($"fn ub{s}(xs)");
        Line("let t = 0");
        Open("for (let i = 0; i < 10; i = i + 1)");
        Line($"t = t + {use}");
        Close();
        Line("return t");
        Close();
        Probe($"pu{s}", $"ub{s}", 1);
        Line($"let r{s} = 0");
        Open($"for (let k = 0; k < {HotCount()}; k = k + 1)");
        Line($"r{s} = ub{s}([1, 2, 3])");
        Close();
        Line($"log(r{s})");
        Line($"let saved{s} = {name}");
        Line($"{name} = {replacement}");
        Line($"log(pu{s}([1, 2, 3]))");
        Line($"{name} = {Pick(["5", "nil", "\"f\""])}");
        Line($"log(pu{s}([1, 2, 3]))");
        Line($"{name} = saved{s}");
        Line($"log(pu{s}([1, 2, 3]))");
        Cover("replaced:function");
        Cover("replaced:non-function");
    }

    private void CalleeReplaced(int s)
    {
        Line($"fn step{s}(x) {{ return x + {1 + _rng.Next(5)} }}");
        Open($"fn run{s}(n)");
        Line("let v = 0");
        Open("for (let i = 0; i < n; i = i + 1)");
        Line($"v = step{s}(v)");
        Close();
        Line("return v");
        Close();
        Probe($"pr{s}", $"run{s}", 1);
        Line($"log(run{s}({HotCount()}))");
        Line($"step{s} = {Pick(["fn(x) => x * 2 + 1", "fn(x) => x + 0.5", "fn(x) => str(x) + \"a\"", "fn(x) { return x - 1 }"])}");
        Cover("replaced:function");
        Line($"log(pr{s}({Pick([5, 10, 62, 70])}))");
        Line($"step{s} = {Pick(["5", "nil", "[1]", "{a: 1}"])}");
        Cover("replaced:non-function");
        Line($"log(pr{s}(1))");
        Line($"step{s} = fn(a, b) => a");
        Cover("replaced:arity");
        Line($"log(pr{s}(2))");
        Line($"step{s} = len");
        Line($"log(pr{s}(1))");
        // a method in a map replaced after it is hot
        Line($"let obj{s} = {{f: fn(x) => x + 1}}");
        Line($"let o{s} = 0");
        Line($"for (let i = 0; i < {HotCount()}; i = i + 1) {{ o{s} = obj{s}.f(o{s}) }}");
        Line($"log(o{s})");
        Line($"obj{s}.f = fn(x) => x * 1.5");
        Line($"log(obj{s}.f(o{s}))");
    }

    private void MatchHot(int s)
    {
        Open($"fn mt{s}(v)");
        Open("match v");
        Line("0 | 1 => { return \"small\" }");
        Line("2.5 => { return \"two and a half\" }");
        Line("\"a\" | \"b\" => { return \"letter\" }");
        Line("nil => { return \"nil\" }");
        Line("[1, 2] => { return \"pair\" }");
        Line("_ => { if type(v) == \"int\" && v > 100 { return \"big\" } }");
        Close();
        Line("return \"other \" + type(v)");
        Close();
        Line($"let counts{s} = {{}}");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        Line($"let r = mt{s}(i % 150)");
        Line($"counts{s}[r] = (counts{s}[r] || 0) + 1");
        Close();
        Line($"log(counts{s})");
        foreach (var k in Kinds.OrderBy(_ => _rng.Next()).Take(4)) Line($"log(mt{s}({Lit(k)}))");
        Line($"log(mt{s}([1, 2.0]))");
        Line($"log(mt{s}(1.0))");
    }

    private void RandomExpr(int s)
    {
        int arity = 1 + _rng.Next(3);
        var ps = Enumerable.Range(0, arity).Select(i => "a" + i).ToArray();
        Line($"fn ex{s}({string.Join(", ", ps)}) {{ return {Expr(4, ps)} }}");
        Probe($"pe{s}", $"ex{s}", arity);
        Line($"let h{s} = 0");
        Open($"for (let i = 0; i < {HotCount()}; i = i + 1)");
        var args = string.Join(", ", Enumerable.Range(0, arity).Select(k => Pick(["i", "i % 5", "i - 7", "i * 3037000499", "k" + k])));
        Line(string.Join("  ", Enumerable.Range(0, arity).Select(k => $"let k{k} = {Pick(["i", "2", "-i", "i % 3"])}")));
        Line($"h{s} = h{s} + len(pe{s}({args}))");
        Close();
        Line($"log(h{s})");
        for (int n = 0; n < 4 + _rng.Next(4); n++)
        {
            var vals = string.Join(", ", Enumerable.Range(0, arity).Select(_ => Lit(Pick(Kinds))));
            Line($"log(pe{s}({vals}))");
        }
    }

    /// <summary>A random expression over the given variables (any kind: the probes catch the errors).</summary>
    private string Expr(int depth, string[] vars)
    {
        if (depth <= 0 || Chance(0.25))
            return Chance(0.6) ? Pick(vars) : Chance(0.7) ? Pick(["0", "1", "2", "3", "-1", "10", "7"]) : Lit(Pick(["int", "float", "string"]));
        switch (_rng.Next(9))
        {
            case 0: case 1: case 2: case 3:
                var op = Pick(["+", "-", "*", "/", "%", "+", "-", "*", "<", "<=", ">", ">=", "==", "!=", "&&", "||"]);
                return $"({Expr(depth - 1, vars)} {op} {Expr(depth - 1, vars)})";
            case 4:
                return $"{Pick(["-", "!"])}({Expr(depth - 1, vars)})";
            case 5:
                return Pick(["abs", "str", "type", "floor", "len"]) + $"({Expr(depth - 1, vars)})";
            case 6:
                return $"{Pick(["min", "max"])}({Expr(depth - 1, vars)}, {Expr(depth - 1, vars)})";
            case 7:
                return $"(if {Expr(depth - 1, vars)} {{ {Expr(depth - 1, vars)} }} else {{ {Expr(depth - 1, vars)} }})";
            default:
                return $"[{Expr(depth - 1, vars)}, {Expr(depth - 1, vars)}][{Pick(["0", "1", "2"])}]";
        }
    }
}
