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
    [InlineData("tiered")]
    public void ACaughtThrowIsNoDotNetException(string tier)
    {
        // throw inside a handler of the same function, in a hot loop: compiled code sends the
        // value to the handler itself; finally blocks and a rethrow from a catch included
        const string source = """
            fn loop(n) {
              let c = 0
              let log2 = []
              for (let i = 0; i < n; i = i + 1) {
                try { throw "zqmarker " + str(i) } catch e { c = c + len(e) - len(e) + 1 }
                try { try { throw {"zqmarker": i} } finally { c = c + 1 } } catch e { c = c + e.zqmarker - i }
                try { try { throw "zqmarker" } catch e { throw e + "!" } } catch e { if e == "zqmarker!" { c = c + 1 } }
              }
              return c
            }
            log(loop(300))
            log(loop(300))
            """;
        var output = new StringWriter { NewLine = "\n" };
        int thrown = DotNetExceptions("zqmarker", () => Engine(tier, output).Run(source, "t.sn"));
        Assert.Equal("900\n900\n", output.ToString());
        Assert.Equal(0, thrown);
    }

    /// <summary>
    /// First-chance Sentra runtime errors thrown on the thread that runs the script (which
    /// calls the host function <c>script_thread()</c> first), while <paramref name="run"/>
    /// runs: for errors whose messages carry no marker of the test's own.
    /// </summary>
    private static int DotNetExceptionsOfTheScript(SentraEngine engine, Action run)
    {
        int thread = -1, count = 0;
        engine.RegisterFunction("script_thread", 0, 0, (_, _) =>
        {
            Volatile.Write(ref thread, Environment.CurrentManagedThreadId);
            return Value.Nil;
        });
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> handler = (_, a) =>
        {
            if (a.Exception is SentraRuntimeException && Environment.CurrentManagedThreadId == Volatile.Read(ref thread))
                Interlocked.Increment(ref count);
        };
        AppDomain.CurrentDomain.FirstChanceException += handler;
        try { run(); }
        finally { AppDomain.CurrentDomain.FirstChanceException -= handler; }
        return count;
    }

    // a hot loop of a function with handlers catching the runtime errors of the operators
    // themselves (compiled code's own slow paths): arithmetic and comparison type errors,
    // reads and stores of every index and property form on values that are not containers,
    // division and modulo by zero of a float and an int
    private const string CaughtOperatorErrors = """
        script_thread()
        fn loop(n) {
          let c = 0
          let x = nil
          let a = [1, 2]
          let s = "str"
          let f = 1.5
          let seen = {}
          for (let i = 0; i < n; i = i + 1) {
            try { x = x + i } catch e { c = c + 1  seen[e] = 1 }
            try { x = i - x } catch e { c = c + 1  seen[e] = 1 }
            try { x = x * 2 } catch e { c = c + 1  seen[e] = 1 }
            try { x = x / 2 } catch e { c = c + 1  seen[e] = 1 }
            try { x = x % 2 } catch e { c = c + 1  seen[e] = 1 }
            try { x = -s } catch e { c = c + 1  seen[e] = 1 }
            try { if x < i { c = c + 100 } } catch e { c = c + 1  seen[e] = 1 }
            try { if s >= 1 { c = c + 100 } } catch e { c = c + 1  seen[e] = 1 }
            try { if a <= s { c = c + 100 } } catch e { c = c + 1  seen[e] = 1 }
            try { if x > a { c = c + 100 } } catch e { c = c + 1  seen[e] = 1 }
            try { let y = x[i] } catch e { c = c + 1  seen[e] = 1 }
            try { let y = a["k"] } catch e { c = c + 1  seen[e] = 1 }
            try { let y = a[s] } catch e { c = c + 1  seen[e] = 1 }
            try { let y = x.name } catch e { c = c + 1  seen[e] = 1 }
            try { let y = a.nope } catch e { c = c + 1  seen[e] = 1 }
            try { let y = x["k"] } catch e { c = c + 1  seen[e] = 1 }
            try { x[i] = 1 } catch e { c = c + 1  seen[e] = 1 }
            try { a[-1] = 1 } catch e { c = c + 1  seen[e] = 1 }
            try { a["k"] = 1 } catch e { c = c + 1  seen[e] = 1 }
            try { a[s] = 1 } catch e { c = c + 1  seen[e] = 1 }
            try { x.k = 1 } catch e { c = c + 1  seen[e] = 1 }
            try { s[0] = 1 } catch e { c = c + 1  seen[e] = 1 }
            try { let q = f / (i - i) } catch e { c = c + 1  seen[e] = 1 }
            try { let q = f % (f - f) } catch e { c = c + 1  seen[e] = 1 }
            try { let q = i % (i - i) } catch e { c = c + 1  seen[e] = 1 }
            x = nil
          }
          return [c, keys(seen)]
        }
        log(loop(300))
        log(loop(300))
        log(compiled(loop))
        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    public void ACaughtOperatorErrorIsNoDotNetException(string tier)
    {
        var output = new StringWriter { NewLine = "\n" };
        var engine = Engine(tier, output);
        // on the jit tier the loop must run compiled (else the interpreter's routing passes)
        engine.RegisterFunction("compiled", 1, 1, (_, a) =>
            Value.FromBool(tier == "jit" && a[0].RawObj is Closure c && Corpus.Tiers.Backend(tier)!.IsCompiled(c.Proto)));
        int thrown = DotNetExceptionsOfTheScript(engine, () => engine.Run(CaughtOperatorErrors, "o.sn"));
        string messages = "[cannot add nil and int, cannot subtract int and nil, cannot multiply nil and int, "
            + "cannot divide nil and int, cannot modulo nil and int, cannot negate string, cannot compare nil and int, "
            + "cannot compare string and int, cannot compare array and string, cannot compare nil and array, cannot index nil, "
            + "array index must be a number, array has no method 'nope', cannot index assign nil, "
            + "array index out of range: -1, cannot index assign string, division by zero, modulo by zero]";
        Assert.Equal($"[7500, {messages}]\n[7500, {messages}]\n{(tier == "jit" ? "true" : "false")}\n", output.ToString());
        Assert.Equal(0, thrown);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    [InlineData("stress")]
    public void AnOperatorErrorRoutedWithoutAnExceptionHasTheInterpretersTrace(string tier)
    {
        // caught in a hot loop first, then the same operations uncaught (outside the try of
        // a function with handlers) and through a finally: message, positions and trace
        const string source = """
            fn get(x, i) {
              try { i = i + 0 } catch e { }
              return x[i]
            }
            fn add(x) {
              let r = 0
              try { r = x + 1 } finally { r = -1 }
              return r
            }
            fn loop(n) {
              let c = 0
              for (let i = 0; i < n; i = i + 1) {
                try { get(nil, i) } catch e { c = c + 1 }
                try { c = c + add(nil) } catch e { c = c + 1 }
                try { let y = nil
                  y.f = 1 } catch e { c = c + len(e) }
              }
              return c
            }
            log(loop(300))
            log(loop(300))
            fn last() {
              let v = add(1)
              return get(nil, v)
            }
            last()
            """;
        var output = new StringWriter { NewLine = "\n" };
        var e = Assert.Throws<SentraRuntimeException>(() => Engine(tier, output).Run(source, "t.sn"));
        Assert.Equal("7500\n7500\n", output.ToString());
        Assert.Equal("Runtime error: cannot index nil\n  at get (t.sn:3)\n  at last (t.sn:24)\n  at <script> (t.sn:26)", e.Render());
        Assert.Equal([(3, 11), (24, 13), (26, 5)], e.ScriptStackTrace.Select(f => (f.Line, f.Column)));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("stress")]
    public void ErrorsOfAssertionsSortRegexJsonFilesAndEnvAreReturned(string tier)
    {
        // each raised by the builtin as a returned error: caught without a Sentra exception
        // (the file error's own .NET I/O exception is not a Sentra one), same messages
        const string source = """
            import os
            script_thread()
            fn loop(n) {
              let seen = {}
              let cyclic = {}
              cyclic.self = cyclic
              for (let i = 0; i < n; i = i + 1) {
                try { assert_true(false, "zq") } catch e { seen[e] = 1 }
                try { assert_equal(1, 2) } catch e { seen[e] = 1 }
                try { sort([2, 1, 3], fn(a, b) { return "x" }) } catch e { seen[e] = 1 }
                try { regex_match("(zq", "x") } catch e { seen[e] = 1 }
                try { regex_split("[", "x") } catch e { seen[e] = 1 }
                try { json_encode([1, cyclic]) } catch e { seen[e] = 1 }
                try { json_encode({"a": [sqrt(-1)]}) } catch e { seen[e] = 1 }
                try { read_file("/nonexistent-zq/f") } catch e { seen[e] = 1 }
                try { os.env(1) } catch e { seen[e] = 1 }
                try { os.exit(300) } catch e { seen[e] = 1 }
              }
              return seen
            }
            let seen = loop(30)
            for k in keys(loop(30)) { log(k) }
            let a = [3, 1, 2]
            let calls = 0
            try { sort(a, fn(x, y) { calls = calls + 1  return nil }) } catch e { log(e) }
            log(str(a) + " " + str(calls))
            """;
        var output = new StringWriter { NewLine = "\n" };
        var engine = Engine(tier, output);
        int thrown = DotNetExceptionsOfTheScript(engine, () => engine.Run(source, "j.sn"));
        Assert.Equal(0, thrown);
        string text = output.ToString();
        Assert.StartsWith("assertion failed: zq\nExpected true, got false\nassertion failed\nExpected: 1\nActual: 2\n"
            + "sort comparator must return a number or bool, got string\nregex_match error: Invalid pattern '(zq'", text);
        Assert.Contains("\nregex_split compile error: Invalid pattern '['", text);
        Assert.Contains("\njson_encode error: json: unsupported value: encountered a cycle\n"
            + "json_encode error: json: unsupported value: NaN\n"
            + "read_file error: open /nonexistent-zq/f: no such file or directory\nenvironment access is disabled\n"
            + "exit expects a code from 0 to 255\n"
            + "sort comparator must return a number or bool, got nil\n[3, 1, 2] 1\n", text);
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
