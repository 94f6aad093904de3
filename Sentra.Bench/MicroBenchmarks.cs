using BenchmarkDotNet.Attributes;
using Sentra.Hosting;
using Sentra.Runtime;

namespace Sentra.Bench;

/// <summary>
/// Per-operation costs: each benchmark runs a script whose loop performs <see cref="Iterations"/>
/// times one operation (a loop iteration, a call, a builtin call, ...). <c>OperationsPerInvoke</c>
/// is set to <see cref="Iterations"/>, so BenchmarkDotNet divides both the time and the
/// <c>Allocated</c> column of <see cref="MemoryDiagnoserAttribute"/> by it: the figures are per
/// iteration of the script's loop, i.e. Allocated = bytes allocated by one whole run / Iterations.
/// That includes the fixed cost of a run (see <see cref="RunOverheadBenchmarks"/>: a few hundred KB
/// today) divided by <see cref="Iterations"/>, i.e. a floor of a fraction of a byte per operation;
/// anything above it is allocated by the operation itself. The time of the operation alone is
/// roughly the difference with <see cref="IntLoopIteration"/> (the loop overhead every other
/// benchmark also pays).
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    /// <summary>Loop iterations per script run (= OperationsPerInvoke).</summary>
    public const int Iterations = 1_000_000;

    private static readonly string N = $"let N = {Iterations}\n";

    private const string IntLoopSource = """
        fn run(n) {
          let s = 0
          for (let i = 0; i < n; i = i + 1) { s = s + i }
          return s
        }
        return run(N)
        """;

    private const string GlobalLoopSource = """
        let s = 0
        let i = 0
        for (i = 0; i < N; i = i + 1) { s = s + i }
        return s
        """;

    private const string CallSource = """
        fn inc(x) { return x + 1 }
        fn run(n) {
          let s = 0
          for (let i = 0; i < n; i = i + 1) { s = inc(s) }
          return s
        }
        return run(N)
        """;

    private const string ClosureCallSource = """
        fn make_adder(k) { return fn(x) => x + k }
        fn run(n) {
          let add = make_adder(1)
          let s = 0
          for (let i = 0; i < n; i = i + 1) { s = add(s) }
          return s
        }
        return run(N)
        """;

    private const string BuiltinCallSource = """
        fn run(n) {
          let s = 0
          for (let i = 0; i < n; i = i + 1) { s = s + abs(i) }
          return s
        }
        return run(N)
        """;

    private const string ArrayReadWriteSource = """
        fn run(n) {
          let a = [0, 0, 0, 0, 0, 0, 0, 0]
          for (let i = 0; i < n; i = i + 1) { a[i % 8] = a[i % 8] + 1 }
          return a[0]
        }
        return run(N)
        """;

    private const string MapFieldReadWriteSource = """
        fn run(n) {
          let m = {"x": 0, "y": 0}
          for (let i = 0; i < n; i = i + 1) { m["x"] = m["x"] + 1 }
          return m["x"]
        }
        return run(N)
        """;

    private SentraEngine _engine = null!;
    private SentraScript _intLoop = null!, _globalLoop = null!, _call = null!, _closureCall = null!,
        _builtinCall = null!, _arrayReadWrite = null!, _mapFieldReadWrite = null!;

    /// <summary>The execution tier (see <see cref="BenchTiers"/>).</summary>
    [ParamsSource(nameof(Tiers))]
    public string Tier { get; set; } = "";

    public static IEnumerable<string> Tiers => BenchTiers.Names;

    [GlobalSetup]
    public void Setup()
    {
        _engine = BenchTiers.CreateEngine(Tier, TextWriter.Null);
        _intLoop = Prepare(IntLoopSource, "int_loop", expected: (long)Iterations * (Iterations - 1) / 2);
        _globalLoop = Prepare(GlobalLoopSource, "global_loop", expected: (long)Iterations * (Iterations - 1) / 2);
        _call = Prepare(CallSource, "call", expected: Iterations);
        _closureCall = Prepare(ClosureCallSource, "closure_call", expected: Iterations);
        _builtinCall = Prepare(BuiltinCallSource, "builtin_call", expected: (long)Iterations * (Iterations - 1) / 2);
        _arrayReadWrite = Prepare(ArrayReadWriteSource, "array_rw", expected: Iterations / 8);
        _mapFieldReadWrite = Prepare(MapFieldReadWriteSource, "map_rw", expected: Iterations);
    }

    private SentraScript Prepare(string body, string name, long expected)
    {
        var script = SentraEngine.Compile(N + body, $"<micro:{name}>");
        var result = _engine.Run(script);
        if (!result.Equals(Value.FromInt(expected)))
            throw new InvalidOperationException($"{name}: expected {expected}, got {result}");
        return script;
    }

    /// <summary>One iteration of a C-style for loop over locals inside a function (<c>s = s + i</c>).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    public Value IntLoopIteration() => _engine.Run(_intLoop);

    /// <summary>The same loop at top level, where <c>s</c>, <c>i</c> and <c>N</c> are all globals.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value GlobalLoopIteration() => _engine.Run(_globalLoop);

    /// <summary>A loop iteration calling a tiny Sentra function <c>inc(x)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CallTinyFunction() => _engine.Run(_call);

    /// <summary>A loop iteration calling a lambda that reads a captured variable.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CallClosure() => _engine.Run(_closureCall);

    /// <summary>A loop iteration calling the builtin <c>abs</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CallBuiltin() => _engine.Run(_builtinCall);

    /// <summary>A loop iteration reading and writing an array element.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value ArrayReadWrite() => _engine.Run(_arrayReadWrite);

    /// <summary>A loop iteration reading and writing a map entry with a constant string key.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value MapFieldReadWrite() => _engine.Run(_mapFieldReadWrite);
}

/// <summary>
/// The fixed cost of <see cref="SentraEngine.Run(SentraScript)"/> on an almost empty script
/// (creating the interpreter, the main module and its globals): not per operation.
/// </summary>
[MemoryDiagnoser]
public class RunOverheadBenchmarks
{
    private SentraEngine _engine = null!;
    private SentraScript _script = null!;

    /// <summary>The execution tier (see <see cref="BenchTiers"/>).</summary>
    [ParamsSource(nameof(Tiers))]
    public string Tier { get; set; } = "";

    public static IEnumerable<string> Tiers => BenchTiers.Names;

    [GlobalSetup]
    public void Setup()
    {
        _engine = BenchTiers.CreateEngine(Tier, TextWriter.Null);
        _script = SentraEngine.Compile("let x = 1\nreturn x", "<micro:empty>");
        _engine.Run(_script);
    }

    /// <summary>One run of <c>let x = 1; return x</c>.</summary>
    [Benchmark]
    public Value RunAlmostEmptyScript() => _engine.Run(_script);
}
