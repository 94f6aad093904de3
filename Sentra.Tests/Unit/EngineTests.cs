using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>Host API: limits, interop, and "never a crashed host".</summary>
public sealed class EngineTests
{
    private static (SentraEngine Engine, StringWriter Out) NewEngine(ExecutionLimits? limits = null)
    {
        var sw = new StringWriter { NewLine = "\n" };
        return (new SentraEngine(new EngineOptions { Output = sw, Limits = limits ?? new ExecutionLimits() }), sw);
    }

    [Fact]
    public void RunawayLoopHitsStepBudget()
    {
        var (engine, _) = NewEngine(new ExecutionLimits { MaxSteps = 100_000 });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("while true { }"));
        Assert.Contains("step budget", e.Message);
    }

    [Fact]
    public void RunawayRecursionHitsStepBudgetToo()
    {
        var (engine, _) = NewEngine(new ExecutionLimits { MaxSteps = 100_000 });
        Assert.Throws<SentraLimitException>(() => engine.Run("fn f(n) { if n == 0 { return 0 } return f(n - 1) + f(n - 1) }\nf(40)"));
    }

    [Fact]
    public void CallsFromBuiltinsCountAgainstTheStepBudget()
    {
        // no loop and no call in Sentra code: only map's and each's calls of the callback
        var (engine, _) = NewEngine(new ExecutionLimits { MaxSteps = 100_000 });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("let xs = map(range(0, 1000000), fn(x) => x + 1)"));
        Assert.Contains("step budget", e.Message);
        Assert.Throws<SentraLimitException>(() => engine.Run("each(range(0, 1000000), fn(x) { })"));
        // below the budget the same calls run to the end
        var (small, _) = NewEngine(new ExecutionLimits { MaxSteps = 100_000 });
        Assert.Equal(1000, small.Run("return len(map(range(0, 1000), fn(x) => x + 1))").AsInt);
    }

    [Fact]
    public void TimeoutStopsAScript()
    {
        var (engine, _) = NewEngine(new ExecutionLimits { Timeout = TimeSpan.FromMilliseconds(200) });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("let i = 0 while true { i = i + 1 }"));
        Assert.Equal("timeout", e.Message);
    }

    [Fact]
    public void CancellationStopsAScript()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var (engine, _) = NewEngine(new ExecutionLimits { CancellationToken = cts.Token });
        Assert.Throws<SentraLimitException>(() => engine.Run("while true { }"));
    }

    [Fact]
    public void DeepRecursionIsACatchableSentraError()
    {
        var (engine, output) = NewEngine();
        engine.Run("fn f(n) { return f(n + 1) }\ntry { f(0) } catch e { log(e) }");
        Assert.Equal("stack overflow\n", output.ToString());
    }

    [Fact]
    public void RecursionThroughBuiltinCallbacksDoesNotCrash()
    {
        var (engine, output) = NewEngine();
        engine.Run("fn f(n) { return map([n], fn(x) => f(x + 1)) }\ntry { f(0) } catch e { log(e) }");
        Assert.Equal("stack overflow\n", output.ToString());
    }

    [Fact]
    public void HugeAllocationIsAnError()
    {
        var (engine, _) = NewEngine();
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("let a = []\na[2000000000] = 1"));
        Assert.Equal("array too large", e.Message);
        Assert.Throws<SentraRuntimeException>(() => engine.Run("let s = \"x\" * 2000000000"));
    }

    [Fact]
    public void UncaughtErrorCarriesSentraStackTrace()
    {
        var (engine, _) = NewEngine();
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("fn inner() {\n  return 1 / 0\n}\nfn outer() { return inner() }\nouter()", "trace.sn"));
        Assert.Equal("Runtime error: division by zero", e.Headline);
        Assert.Equal(3, e.ScriptStackTrace.Count);
        Assert.Equal(new StackFrameInfo("inner", "trace.sn", 2, 12), e.ScriptStackTrace[0]);
        Assert.Equal(new StackFrameInfo("outer", "trace.sn", 4, 26), e.ScriptStackTrace[1]);
        Assert.Equal(new StackFrameInfo("<script>", "trace.sn", 5, 6), e.ScriptStackTrace[2]);
    }

    [Fact]
    public void ADeepTraceShowsItsEndsAndCountsWhatItLeavesOut()
    {
        var (engine, _) = NewEngine();
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("fn f(n) {\n  if n == 0 { return 1 / 0 }\n  return f(n - 1)\n}\nf(100)", "deep.sn"));
        // 101 calls of f and the script: the innermost 20, a line for the 77 between, the outermost 5
        Assert.Equal(26, e.ScriptStackTrace.Count);
        Assert.Equal("  at f (deep.sn:2)", e.ScriptStackTrace[0].ToString());
        Assert.Equal("  ... 77 more frames", e.ScriptStackTrace[20].ToString());
        Assert.True(e.ScriptStackTrace[20].IsElision);
        Assert.Equal("  at <script> (deep.sn:5)", e.ScriptStackTrace[25].ToString());
    }

    [Fact]
    public void HostFunctionsAndGlobals()
    {
        var (engine, output) = NewEngine();
        engine.SetGlobal("limit", Value.FromInt(3));
        engine.RegisterFunction("twice", 1, 1, (rt, args) => Value.FromInt(args[0].AsInt * 2));
        engine.Run("fn square(x) { return x * x }\nlet r = twice(limit)\nlog(r)");
        Assert.Equal("6\n", output.ToString());
        Assert.Equal(6, engine.GetGlobal("r").AsInt);
        var result = engine.Call(engine.GetGlobal("square"), Value.FromInt(9));
        Assert.Equal(81, result.AsInt);
    }

    [Fact]
    public void CompiledScriptIsReusableAcrossRunsAndEngines()
    {
        var script = SentraEngine.Compile("counter = 0\nfor i in range(10) { counter = counter + i }\nlog(counter)");
        for (int i = 0; i < 3; i++)
        {
            var (engine, output) = NewEngine();
            engine.Run(script);
            Assert.Equal("45\n", output.ToString());
        }
    }

    [Fact]
    public void ConcurrentRunsOnOneEngineAreRejected()
    {
        var sw = new StringWriter();
        var engine = new SentraEngine(new EngineOptions { Output = sw });
        engine.RegisterFunction("reenter", 0, 0, (rt, a) =>
        {
            Assert.Throws<InvalidOperationException>(() => engine.Run("1"));
            return default;
        });
        engine.Run("reenter()");
    }

    [Fact]
    public void FileAccessIsOffForHostsByDefault()
    {
        var (engine, _) = NewEngine();
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("read_file(\"/etc/hostname\")"));
        Assert.Equal("file access is disabled", e.Message);
    }
}

public sealed class EnginePoolingTests
{
    [Fact]
    public void EnginesReuseExecutionContextsAcrossRuns()
    {
        for (int i = 0; i < 20; i++)
        {
            var sw = new StringWriter { NewLine = "\n" };
            using var engine = new SentraEngine(new EngineOptions { Output = sw, UseDedicatedThread = false });
            engine.Run($"let x = {i}\nfn f(n) {{ if n == 0 {{ return 0 }} return f(n - 1) + 1 }}\nlog(x + f(100))");
            engine.Run("log(1)");
            Assert.Equal($"{i + 100}\n1\n", sw.ToString());
        }
    }

    [Fact]
    public void RecursionThroughBuiltinCallbacksOnASmallHostStackIsACatchableError()
    {
        // every level nests map -> Call -> Execute on the .NET stack of the host's own thread
        // (1 MB here): the periodic stack check must turn it into a Sentra error, not a crash
        string output = "";
        var thread = new Thread(() =>
        {
            var sw = new StringWriter { NewLine = "\n" };
            using var engine = new SentraEngine(new EngineOptions { Output = sw, UseDedicatedThread = false });
            engine.Run("fn f(n) { return map([n], fn(x) => f(x + 1)) }\ntry { f(0) } catch e { log(e) }\nlog(\"after\")");
            output = sw.ToString();
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal("stack overflow\nafter\n", output);
    }

    private static readonly AsyncLocal<string?> s_ambient = new();

    [Theory]
    [InlineData(true, "seen")]
    [InlineData(false, "none")]
    public void HostFunctionsSeeTheCallersAsyncLocalsUnlessFlowIsOff(bool flow, string expected)
    {
        var sw = new StringWriter { NewLine = "\n" };
        using var engine = new SentraEngine(new EngineOptions { Output = sw, FlowExecutionContext = flow });
        engine.RegisterFunction("ambient", 0, 0, (rt, a) => Value.FromString(s_ambient.Value ?? "none"));
        s_ambient.Value = "seen";
        try
        {
            engine.Run("log(ambient())");
        }
        finally
        {
            s_ambient.Value = null;
        }
        Assert.Equal(expected + "\n", sw.ToString());
    }

    [Fact]
    public void ADisposedEngineCanStillRunWithAFreshContext()
    {
        var sw = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(new EngineOptions { Output = sw });
        engine.Run("log(\"a\")");
        engine.Dispose();
        engine.Run("log(\"b\")");
        Assert.Equal("a\nb\n", sw.ToString());
        Assert.Throws<SentraRuntimeException>(() => engine.Run("throw \"x\""));
        engine.Run("log(\"c\")");
        Assert.Equal("a\nb\nc\n", sw.ToString());
    }
}

public sealed class HostExceptionTests
{
    [Fact]
    public void HostFunctionExceptionsBecomeCatchableSentraErrors()
    {
        var sw = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(new EngineOptions { Output = sw });
        engine.RegisterFunction("explode", 0, 0, (rt, a) => throw new InvalidOperationException("kaboom"));
        engine.Run("try { explode() } catch e { log(\"caught \" + e) }");
        Assert.Equal("caught kaboom\n", sw.ToString());
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("explode()"));
        Assert.Equal("Runtime error: kaboom", e.Headline);
    }
}
