using BenchmarkDotNet.Attributes;
using Sentra.Hosting;
using Sentra.Runtime;

namespace Sentra.Bench;

/// <summary>
/// The cost of an error the script catches, on the interpreter and in compiled code: each
/// benchmark runs a loop of <see cref="Iterations"/> iterations, each raising one error inside
/// <c>try</c> and catching it (per iteration, as in <see cref="MicroBenchmarks"/>; the loop
/// itself costs a few ns). The kinds are the common runtime errors (calling nil, indexing nil,
/// an arithmetic type error, a builtin's argument error, a builtin's conversion error) and
/// <c>throw</c>.
/// </summary>
[MemoryDiagnoser]
public class ErrorBenchmarks
{
    /// <summary>The engine's tier (BenchTiers): the interpreter, or every function compiled first.</summary>
    [Params("Interpreter", "Jit")]
    public string Tier { get; set; } = "Interpreter";

    /// <summary>Loop iterations per script run (= OperationsPerInvoke).</summary>
    public const int Iterations = 100_000;

    private static readonly string N = $"let N = {Iterations}\n";

    // every body counts its catches: the run checks that each iteration raised and caught
    private const string CallNilSource = """
        fn run(n) {
          let f = nil
          let c = 0
          for (let i = 0; i < n; i = i + 1) { try { f(i) } catch e { c = c + 1 } }
          return c
        }
        return run(N)
        """;

    private const string IndexNilSource = """
        fn run(n) {
          let a = nil
          let c = 0
          for (let i = 0; i < n; i = i + 1) { try { a[i] = 1 } catch e { c = c + 1 } }
          return c
        }
        return run(N)
        """;

    private const string TypeErrorSource = """
        fn run(n) {
          let x = nil
          let c = 0
          for (let i = 0; i < n; i = i + 1) { try { x = x + i } catch e { c = c + 1 } }
          return c
        }
        return run(N)
        """;

    private const string BuiltinArgumentSource = """
        fn run(n) {
          let c = 0
          for (let i = 0; i < n; i = i + 1) { try { sqrt("x") } catch e { c = c + 1 } }
          return c
        }
        return run(N)
        """;

    private const string ConversionSource = """
        fn run(n) {
          let c = 0
          for (let i = 0; i < n; i = i + 1) { try { int("x") } catch e { c = c + 1 } }
          return c
        }
        return run(N)
        """;

    private const string ThrowSource = """
        fn run(n) {
          let c = 0
          for (let i = 0; i < n; i = i + 1) { try { throw i } catch e { c = c + 1 } }
          return c
        }
        return run(N)
        """;

    private SentraEngine _engine = null!;
    private SentraScript _callNil = null!, _indexNil = null!, _typeError = null!, _builtinArgument = null!, _conversion = null!, _throw = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = BenchTiers.CreateEngine(Tier, TextWriter.Null);
        _callNil = Prepare(CallNilSource, "call_nil");
        _indexNil = Prepare(IndexNilSource, "index_nil");
        _typeError = Prepare(TypeErrorSource, "type_error");
        _builtinArgument = Prepare(BuiltinArgumentSource, "builtin_argument");
        _conversion = Prepare(ConversionSource, "conversion");
        _throw = Prepare(ThrowSource, "throw");
    }

    private SentraScript Prepare(string body, string name)
    {
        var script = SentraEngine.Compile(N + body, $"<error:{name}>");
        var result = _engine.Run(script);
        if (!result.Equals(Value.FromInt(Iterations)))
            throw new InvalidOperationException($"{name}: expected {Iterations} caught errors, got {result}");
        return script;
    }

    /// <summary><c>f(i)</c> with f = nil, caught: "cannot call nil".</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CaughtCallOfNil() => _engine.Run(_callNil);

    /// <summary><c>a[i] = 1</c> with a = nil, caught: "cannot index assign nil".</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CaughtIndexError() => _engine.Run(_indexNil);

    /// <summary><c>x + i</c> with x = nil, caught: "cannot add nil and int".</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CaughtTypeError() => _engine.Run(_typeError);

    /// <summary><c>sqrt("x")</c>, caught: "sqrt expects number".</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CaughtBuiltinArgumentError() => _engine.Run(_builtinArgument);

    /// <summary><c>int("x")</c>, caught: "cannot convert 'x' to int".</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public Value CaughtConversionError() => _engine.Run(_conversion);

    /// <summary><c>throw i</c>, caught.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    public Value CaughtThrow() => _engine.Run(_throw);
}
