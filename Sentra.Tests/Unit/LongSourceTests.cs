using Sentra.Hosting;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// No input exhausts the front end: long flat chains (operators, calls, indexing, else-if)
/// compile without recursion per element and run, and deep true nesting is a clean syntax
/// error far from the .NET stack's end, on whatever thread compiles. The sources are
/// generated here rather than kept as files.
/// </summary>
public sealed class LongSourceTests
{
    private const int Terms = 100_000;

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    private static string Run(string source, string tier = "interp")
    {
        var output = new StringWriter { NewLine = "\n" };
        using var engine = new SentraEngine(new EngineOptions { Output = output, Tier = Corpus.Tiers.TierOf(tier), TierBackend = Corpus.Tiers.Backend(tier) });
        engine.Run(SentraEngine.Compile(source, "long.sn"));
        return output.ToString();
    }

    public static TheoryData<string, string, string> Chains() => new()
    {
        { "sum of literals", "log(" + string.Join(" + ", Enumerable.Repeat("1", Terms)) + ")", "100000" },
        { "sum of a local", "fn f(x) { return " + string.Join(" + ", Enumerable.Repeat("x", Terms)) + " }\nlog(f(2))", "200000" },
        { "sum of a global", "let x = 3\nlog(" + string.Join(" + ", Enumerable.Repeat("x", Terms)) + ")", "300000" },
        { "products and sums", "log(" + string.Join(" + ", Enumerable.Repeat("2 * 3 - 1", Terms)) + ")", "500000" },
        { "comparisons", "log(1 < 2" + Repeat(" == true", Terms) + ")", "true" },
        { "string concatenation", "log(len(\"s\"" + Repeat(" + 1", Terms) + "))", "100001" },
        { "concatenation of a sum", "log(len(\"x\" + str(1" + Repeat(" + 1", Terms) + ")" + Repeat(" + \"y\"", Terms) + "))", "100007" },
        { "and", "log(" + string.Join(" && ", Enumerable.Repeat("true", Terms)) + ")", "true" },
        { "or", "log(" + string.Join(" || ", Enumerable.Repeat("false", Terms)) + " || 7)", "7" },
        { "method calls", "let m = {\"f\": fn() => m}\nlog(m" + Repeat(".f()", Terms) + " == m)", "true" },
        { "calls", "fn f() { return f }\nlog(f" + Repeat("()", Terms) + " == f)", "true" },
        { "indexing", "let a = [0]\na[0] = a\nlog(a" + Repeat("[0]", Terms) + " == a)", "true" },
        { "string keys", "let m = {}\nm[\"k\"] = m\nlog(m" + Repeat("[\"k\"]", Terms) + " == m)", "true" },
        { "properties", "let m = {}\nm.k = m\nfn g(x) { return x" + Repeat(".k", Terms) + " }\nlog(g(m) == m)", "true" },
        { "mixed links", "let m = {\"f\": fn(x) => [m]}\nlog(m" + Repeat(".f(1)[0]", Terms / 2) + " == m)", "true" },
        { "in a call argument", "fn id(x) { return x }\nlet k = 1\nlog(id(" + string.Join(" + ", Enumerable.Repeat("k", Terms)) + "))", "100000" },
        { "as a loop condition", "let i = 0\nwhile i" + Repeat(" + 0", Terms) + " < 3 { i = i + 1 }\nlog(i)", "3" },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void LongChainsCompileAndRun(string name, string source, string expected)
    {
        Assert.True(source.Length > Terms, name);
        Assert.Equal(expected + "\n", Run(source));
    }

    /// <summary>On the eager JIT a function this long stays interpreted (too large to compile) and gives the same answer.</summary>
    [Theory]
    [MemberData(nameof(Chains))]
    public void LongChainsRunOnTheJitTier(string name, string source, string expected)
    {
        Assert.Equal(expected + "\n", Run(source, "jit"));
        _ = name;
    }

    private static string ElseIfChain(int branches, bool asExpression)
    {
        var sb = new System.Text.StringBuilder("fn pick(x) {\n");
        sb.Append(asExpression ? "  return if x == 0 { \"b0\" }" : "  if x == 0 { return \"b0\" }");
        for (int i = 1; i < branches; i++)
            sb.Append(asExpression ? $" else if x == {i} {{ \"b{i}\" }}" : $" else if x == {i} {{ return \"b{i}\" }}");
        sb.Append(asExpression ? " else { \"none\" }\n}\n" : " else { return \"none\" }\n}\n");
        sb.Append($"log(pick(0)) log(pick({branches / 2})) log(pick({branches - 1})) log(pick({branches}))\n");
        return sb.ToString();
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(5_000, false)]
    [InlineData(5_000, true)]
    [InlineData(Terms, false)]
    public void ElseIfChainsOfAnyLengthWork(int branches, bool asExpression)
    {
        Assert.Equal($"b0\nb{branches / 2}\nb{branches - 1}\nnone\n", Run(ElseIfChain(branches, asExpression)));
    }

    /// <summary>Each kind of true nesting, as a source nested to a given depth.</summary>
    private static readonly Dictionary<string, Func<int, string>> s_nesting = new()
    {
        ["parentheses"] = n => "let a = " + Repeat("(", n) + "1" + Repeat(")", n),
        ["arrays"] = n => "let a = " + Repeat("[", n) + "1" + Repeat("]", n),
        ["maps"] = n => "let a = " + Repeat("{\"k\": ", n) + "1" + Repeat("}", n),
        ["blocks"] = n => "if true " + Repeat("{ ", n) + Repeat("}", n),
        ["block expressions"] = n => "let a = " + Repeat("{ ", n) + "1" + Repeat(" }", n),
        ["ifs"] = n => Repeat("if true { ", n) + Repeat("}", n),
        ["whiles"] = n => Repeat("while false { ", n) + Repeat("}", n),
        ["function literals"] = n => "let f = " + Repeat("fn() => ", n) + "1",
        ["function bodies"] = n => Repeat("fn f() { ", n) + Repeat("}", n),
        ["call arguments"] = n => "fn f(x) { return x }\nlet a = " + Repeat("f(", n) + "1" + Repeat(")", n),
        ["indexes"] = n => "let a = [0]\nlet b = " + Repeat("a[", n) + "0" + Repeat("]", n),
        ["unary minus"] = n => "let a = " + Repeat("-", n) + "1",
        ["not"] = n => "let a = " + Repeat("!", n) + "true",
        ["right operands"] = n => "let a = " + Repeat("1 + (", n) + "1" + Repeat(")", n),
        ["else blocks"] = n => "if false { } else " + Repeat("{ if false { } else ", n) + "{ }" + Repeat(" }", n),
    };

    public static TheoryData<string> NestingKinds() => new(s_nesting.Keys);

    [Theory]
    [MemberData(nameof(NestingKinds))]
    public void DeepNestingIsASyntaxError(string kind)
    {
        var e = Assert.Throws<SentraSyntaxException>(() => SentraEngine.Compile(s_nesting[kind](Terms), "deep.sn"));
        Assert.Contains("nested too deeply", e.ErrorMessage);
        Assert.True(e.Span is { Line: >= 1, Column: >= 1 }, kind);
    }

    /// <summary>
    /// On a thread with a small stack, nesting within the parser's limit or far beyond it
    /// either compiles or is a syntax error: the process never dies of a stack overflow.
    /// </summary>
    [Theory]
    [MemberData(nameof(NestingKinds))]
    public void NestingNeverOverflowsASmallStack(string kind)
    {
        foreach (var depth in new[] { 100, 300, Terms })
        {
            string source = s_nesting[kind](depth);
            Exception? error = null;
            var thread = new Thread(() =>
            {
                try { SentraEngine.Compile(source, "deep.sn"); }
                catch (Exception e) { error = e; }
            }, 256 * 1024);
            thread.Start();
            thread.Join();
            Assert.True(error is null or SentraSyntaxException, $"{kind} at depth {depth}: {error}");
        }
    }

    /// <summary>A source that takes about a second to compile and no time to run (the function is never called).</summary>
    private static readonly Lazy<string> s_slowToCompile = new(() => "let x = 0\nfn f() {\n" + Repeat("x = x * 2 + 1\n", 200_000) + "}\nlog(\"ran\")");

    [Fact]
    public void TheTimeoutBoundsCompilation()
    {
        var output = new StringWriter();
        using var engine = new SentraEngine(new EngineOptions { Output = output, Limits = new() { Timeout = TimeSpan.FromMilliseconds(50) } });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(s_slowToCompile.Value));
        Assert.Equal("timeout", e.Message);
        Assert.Equal("", output.ToString());
        Assert.Equal(3, engine.Run("return 1 + 2").AsInt);
    }

    [Fact]
    public void CancellationStopsCompilation()
    {
        string source = s_slowToCompile.Value;
        using var cts = new CancellationTokenSource();
        using var engine = new SentraEngine(new EngineOptions { Limits = new() { CancellationToken = cts.Token } });
        // cancelled from a thread of its own 50 ms into compiling (a timer's callback runs on
        // the thread pool, which a busy test run can keep waiting past the compilation's end)
        var canceller = new Thread(() => { Thread.Sleep(50); cts.Cancel(); });
        canceller.Start();
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(source));
        canceller.Join();
        Assert.Equal("script cancelled", e.Message);
        e = Assert.Throws<SentraLimitException>(() => SentraEngine.Compile(source, "slow.sn", cts.Token));
        Assert.Equal("script cancelled", e.Message);
        // a token cancelled beforehand refuses even a short script
        e = Assert.Throws<SentraLimitException>(() => SentraEngine.Compile("log(1)", "short.sn", cts.Token));
        Assert.Equal("script cancelled", e.Message);
        Assert.NotNull(SentraEngine.Compile("log(1)", "short.sn", CancellationToken.None));
    }

    private sealed class OneModule(string source) : Execution.IModuleResolver
    {
        public (string Key, string File, string Source)? Resolve(string path, string importingFile) => (path, path + ".sn", source);
    }

    [Fact]
    public void CancellationStopsCompilingAnImport()
    {
        using var cts = new CancellationTokenSource();
        var output = new StringWriter();
        using var engine = new SentraEngine(new EngineOptions
        {
            Output = output,
            ModuleResolver = new OneModule(s_slowToCompile.Value),
            Limits = new() { CancellationToken = cts.Token },
        });
        // compiled before the token fires; the import compiles while it fires, and the script cannot catch that
        var script = SentraEngine.Compile("log(\"start\")\ntry { import \"big\" } catch e { log(\"caught \" + e) }\nlog(\"end\")", "main.sn");
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(script));
        Assert.Equal("script cancelled", e.Message);
        Assert.Equal("start\n", output.ToString().Replace("\r", ""));
    }

    [Fact]
    public void NestingWithinTheLimitRuns()
    {
        Assert.Equal("1\n", Run("log(" + Repeat("[", 150) + "1" + Repeat("]", 150) + Repeat("[0]", 150) + ")"));
        Assert.Equal("151\n", Run("log(" + Repeat("1 + (", 150) + "1" + Repeat(")", 150) + ")"));
    }
}
