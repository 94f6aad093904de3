using Sentra.Builtins;
using Sentra.Hosting;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Errors builtins return (<see cref="BuiltinError"/>) instead of throwing: caught by the
/// script without a .NET exception where the tier routes them (the interpreter everywhere,
/// compiled code when the handler is in the calling function), with the same message, position
/// and Sentra stack trace on every tier; thrown as <see cref="SentraRuntimeException"/> to
/// hosts.
/// </summary>
public sealed class BuiltinErrorTests
{
    private static SentraEngine Engine(string tier, TextWriter? output = null) =>
        new(Corpus.Tiers.Options(tier, output ?? TextWriter.Null, "b.sn"));

    // a hot loop catching builtin errors, then the same builtin error uncaught two calls deep
    private const string CaughtThenUncaught = """
        fn convert(s) {
          return int(s)
        }
        fn middle(s) {
          let r = convert(s)
          return r
        }
        fn loop(n) {
          let c = 0
          for (let i = 0; i < n; i = i + 1) {
            try { middle("x" + str(i)) } catch e { c = c + 1 }
            try { int("y") } catch e { c = c + 1 }
          }
          return c
        }
        log(loop(400))
        log(loop(400))
        middle("last")
        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    [InlineData("stress")]
    public void AnUncaughtBuiltinErrorAfterCaughtOnesHasTheSameTraceOnEveryTier(string tier)
    {
        var output = new StringWriter { NewLine = "\n" };
        var e = Assert.Throws<SentraRuntimeException>(() => Engine(tier, output).Run(CaughtThenUncaught, "b.sn"));
        Assert.Equal("800\n800\n", output.ToString());
        Assert.Equal("cannot convert 'last' to int", e.Message);
        Assert.Equal("cannot convert 'last' to int", e.Payload.AsString);
        Assert.False(e.IsThrownValue);
        Assert.Equal(
            "Runtime error: cannot convert 'last' to int\n  at convert (b.sn:2)\n  at middle (b.sn:5)\n  at <script> (b.sn:18)",
            e.Render());
        Assert.Equal([(2, 13), (5, 18), (18, 7)], e.ScriptStackTrace.Select(f => (f.Line, f.Column)));
        Assert.Equal(new SourceSpan("b.sn", 2, 13), e.Span);
    }

    /// <summary>
    /// First-chance .NET exceptions whose message contains <paramref name="marker"/>, raised
    /// while <paramref name="run"/> runs (on any thread: the engine runs scripts on its own;
    /// the marker keeps other tests' exceptions out).
    /// </summary>
    private static int DotNetExceptions(string marker, Action run)
    {
        int count = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> handler = (_, a) =>
        {
            if (a.Exception.Message.Contains(marker, StringComparison.Ordinal))
                Interlocked.Increment(ref count);
        };
        AppDomain.CurrentDomain.FirstChanceException += handler;
        try { run(); }
        finally { AppDomain.CurrentDomain.FirstChanceException -= handler; }
        return count;
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    public void ACaughtBuiltinErrorIsNoDotNetException(string tier)
    {
        // the handler in the function that calls the builtins (compiled code routes these
        // itself): direct calls, a call through a local, method calls and a missing method;
        // the markers make the messages this test's own
        const string source = """
            fn loop(n) {
              let c = 0
              let f = int
              for (let i = 0; i < n; i = i + 1) {
                try { int("zqmarker") } catch e { c = c + 1 }
                try { sqrt("zqmarker") } catch e { c = c + 1 }
                try { remove([1], 3) } catch e { c = c + 1 }
                try { f("zqmarker") } catch e { c = c + 1 }
                try { "s".zqmarker() } catch e { c = c + 1 }
                try { [1].zqmarker() } catch e { c = c + 1 }
              }
              return c
            }
            log(loop(300))
            log(loop(300))
            """;
        var output = new StringWriter { NewLine = "\n" };
        int thrown = DotNetExceptions("zqmarker", () => Engine(tier, output).Run(source, "b.sn"));
        Assert.Equal("1800\n1800\n", output.ToString());
        Assert.Equal(0, thrown);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void TheCountOfDotNetExceptionsSeesAThrownError(string tier)
    {
        // the control for the tests above: an error a host function throws is counted
        var output = new StringWriter { NewLine = "\n" };
        var engine = Engine(tier, output);
        engine.RegisterFunction("fails", 0, 0, (_, _) => throw new SentraRuntimeException("zqcontrol"));
        int thrown = DotNetExceptions("zqcontrol", () => engine.Run("""
            fn f() {
              let c = 0
              for (let i = 0; i < 5; i = i + 1) { try { fails() } catch e { c = c + 1 } }
              return c
            }
            log(f())
            """, "b.sn"));
        Assert.Equal("5\n", output.ToString());
        Assert.True(thrown >= 5, $"counted {thrown}");
    }

    [Fact]
    public void TheInterpreterRoutesABuiltinErrorToAHandlerInAnOuterFunctionWithoutADotNetException()
    {
        const string source = """
            fn f(i) { return int("zq-outer" + str(i)) }
            let c = 0
            for (let i = 0; i < 500; i = i + 1) { try { f(i) } catch e { c = c + 1 } }
            log(c)
            """;
        var output = new StringWriter { NewLine = "\n" };
        int thrown = DotNetExceptions("zq-outer", () => Engine("interp", output).Run(source, "b.sn"));
        Assert.Equal("500\n", output.ToString());
        Assert.Equal(0, thrown);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void AHostCallingABuiltinGetsTheErrorAsAnException(string tier)
    {
        var engine = Engine(tier);
        var toInt = engine.Run("return int", "b.sn");
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Call(toInt, Value.FromString("nope")));
        Assert.Equal("cannot convert 'nope' to int", e.Message);
        // and the engine is usable afterwards
        Assert.Equal(Value.FromInt(42), engine.Call(toInt, Value.FromString("42")));
    }

    [Fact]
    public void InvokeThrowsWhatFnReturns()
    {
        var sqrt = BuiltinRegistry.Get("sqrt")!;
        var rt = new Execution.Interpreter();
        var returned = sqrt.Fn(rt, [Value.FromString("a")]);
        Assert.True(BuiltinError.Is(returned));
        Assert.Equal("sqrt expects number", ((BuiltinError)returned.RawObj!).Message);
        var e = Assert.Throws<SentraRuntimeException>(() => sqrt.Invoke(rt, [Value.FromString("a")]));
        Assert.Equal("sqrt expects number", e.Message);
        Assert.Equal(Value.FromFloat(3), sqrt.Invoke(rt, [Value.FromInt(9)]));
        Assert.False(BuiltinError.Is(Value.FromFloat(3)));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    [InlineData("stress")]
    public void AHostFunctionMayReturnAnError(string tier)
    {
        var output = new StringWriter { NewLine = "\n" };
        var engine = Engine(tier, output);
        engine.RegisterFunction("check", 1, 1, (_, a) => a[0].IsInt ? a[0] : BuiltinError.Of("check wants an int"));
        engine.Run("""
            fn f(n) {
              let c = 0
              for (let i = 0; i < n; i = i + 1) { try { check("s") } catch e { c = c + len(e) } }
              return c + check(1)
            }
            log(f(50))
            log(f(50))
            """, "b.sn");
        Assert.Equal("901\n901\n", output.ToString());
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("let x = 1\ncheck(nil)", "c.sn"));
        Assert.Equal("Runtime error: check wants an int\n  at <script> (c.sn:2)", e.Render());
    }
}
