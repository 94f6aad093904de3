using Sentra.Bytecode;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Lowering;
using Sentra.Jit.Tiering;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>The JIT tier seen from a host: what it compiles, its guards and deopts, its limits.</summary>
public sealed class JitTests
{
    private static (SentraEngine engine, StringWriter output, JitBackend backend) Engine(Tier tier = Tier.Jit, ExecutionLimits? limits = null, JitOptions? options = null)
    {
        var backend = new JitBackend(tier, options);
        var output = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(new EngineOptions { Tier = tier, TierBackend = backend, Output = output, Limits = limits ?? new ExecutionLimits() });
        return (engine, output, backend);
    }

    private static FunctionProto Proto(SentraScript script, string name) => script.Compiled.Main.Protos.First(p => p.Name == name);

    [Fact]
    public void RecursiveFunctionIsCompiledAndCorrect()
    {
        var (engine, output, backend) = Engine();
        var script = SentraEngine.Compile("fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }\nlog(fib(20))");
        engine.Run(script);
        Assert.Equal("6765\n", output.ToString());
        Assert.True(backend.IsCompiled(Proto(script, "fib")));
        // the top-level code runs once and has no loop: the jit tier leaves it interpreted
        Assert.False(backend.IsCompiled(script.Compiled.Main));
    }

    [Fact]
    public void TopLevelCodeIsCompiledForItsLoopsOnTheJitTierAndAtOnceUnderStress()
    {
        const string source = "let s = 0\nfor (let i = 0; i < 5000; i = i + 1) { s = s + i }\nlog(s)";
        var (engine, output, backend) = Engine();
        var script = SentraEngine.Compile(source);
        engine.Run(script);
        Assert.Equal("12497500\n", output.ToString());
        Assert.True(backend.IsCompiled(script.Compiled.Main));
        Assert.Equal(1, backend.LoopEntries(script.Compiled.Main));

        var (loopFree, _, jit) = Engine();
        var once = SentraEngine.Compile("log(1 + 2)");
        loopFree.Run(once);
        Assert.False(jit.IsCompiled(once.Compiled.Main));

        var (stressEngine, stressOutput, stress) = Engine(Tier.DeoptStress);
        var eager = SentraEngine.Compile("log(1 + 2)");
        stressEngine.Run(eager);
        Assert.Equal("3\n", stressOutput.ToString());
        Assert.True(stress.IsCompiled(eager.Compiled.Main));
    }

    [Fact]
    public void CallsIntoCompiledCodeLeaveTheStacksAsTheyFoundThem()
    {
        var backend = new JitBackend(Tier.Jit);
        var engine = new SentraEngine(new EngineOptions { Tier = Tier.Jit, TierBackend = backend, UseDedicatedThread = false });
        engine.Run("fn f(x) { if x > 100000 { return x / 0 } return x * 3 }");
        var f = engine.GetGlobal("f");
        var interp = new Interpreter(new InterpreterOptions { TierBackend = backend });
        for (int i = 0; i < 10_000; i++) Assert.Equal(3L * i, interp.Call(f, [Value.FromInt(i)]).AsInt);
        Assert.Equal((0, -1), (interp.StackPointer, interp.FramePointer));
        Assert.Throws<SentraRuntimeException>(() => interp.Call(f, [Value.FromInt(200_000)]));
        Assert.Equal((0, -1), (interp.StackPointer, interp.FramePointer));
        // a builtin's callbacks: map calls the compiled function once per element
        var map = engine.Run("fn g(x) { return x + 1 }\nreturn map(range(0, 50000), g)");
        Assert.Equal(50_000, map.AsArray.Count);
    }

    [Fact]
    public void AFunctionTooLargeToCompileStaysInterpretedWithTheReason()
    {
        var (engine, output, backend) = Engine();
        // 2,000 guarded adds emit far more IL than the limit; a short function beside it compiles
        var script = SentraEngine.Compile("fn big(x) { return " + string.Join(" + ", Enumerable.Repeat("x", 2000)) + " }\nfn small(x) { return x + 1 }\nlog(big(3))\nlog(small(3))");
        engine.Run(script);
        Assert.Equal("6000\n4\n", output.ToString());
        Assert.False(backend.IsCompiled(Proto(script, "big")));
        Assert.True(backend.IsCompiled(Proto(script, "small")));
        Assert.Matches(@"interpreted big \(.*\): too large to compile \([0-9,]+ bytes of IL, at most 60,000\)", backend.Report());
    }

    [Fact]
    public void IntOverflowDeoptimizesAndGivesTheFloat()
    {
        var (engine, output, backend) = Engine();
        var script = SentraEngine.Compile("fn inc(x) { return x + 1 }\nlog(inc(1))\nlog(inc(9223372036854775807))\nlog(inc(2))");
        engine.Run(script);
        Assert.Equal("2\n9.223372036854776e+18\n3\n", output.ToString());
        Assert.Equal(1, backend.DeoptCount(Proto(script, "inc")));
        Assert.Contains("int overflow: 1", backend.Report());
    }

    [Fact]
    public void AFunctionThatKeepsDeoptimizingLosesItsSpeculation()
    {
        var (engine, output, backend) = Engine(options: new JitOptions { MaxDeopts = 3 });
        // arguments alternate between ints and floats: the entry guard fails every other call
        var script = SentraEngine.Compile("fn f(x) { return x * 2 }\nlet s = 0\nfor (let i = 0; i < 100; i = i + 1) { s = s + f(i) + f(0.5) }\nlog(s)");
        engine.Run(script);
        Assert.Equal("10000\n", output.ToString());
        var report = backend.Report();
        Assert.Contains("without speculation", report);
        Assert.True(backend.DeoptCount(Proto(script, "f")) < 10, report);
    }

    [Fact]
    public void DeepCompiledRecursionOnASmallStackEndsInACatchableError()
    {
        // the caller's own thread (1 MB), not the engine's large-stack thread: compiled frames
        // live on it, and running out of it must be a Sentra error, never a crash
        string[] lines = [];
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var backend = new JitBackend(Tier.Jit);
                var output = new StringWriter { NewLine = "\n" };
                var engine = new SentraEngine(new EngineOptions { Tier = Tier.Jit, TierBackend = backend, Output = output, UseDedicatedThread = false });
                engine.Run("fn f(n) { if n == 0 { return 0 } return 1 + f(n - 1) }\n" +
                    "fn g(a, b, c) { let x = [a, b, c]  let m = {k: x}  if a == 0 { return m.k[1] } return g(a - 1, b + 1, c) }\n" +
                    "try { log(f(9000)) } catch e { log(e) }\ntry { log(g(9000, 0, 0)) } catch e { log(e) }\nlog(f(100))");
                lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Contains(lines[0], new[] { "9000", "stack overflow" });
        Assert.Contains(lines[1], new[] { "9000", "stack overflow" });
        Assert.Equal("100", lines[2]);
    }

    [Fact]
    public void TimeoutStopsACompiledLoopAndTheEngineRunsAgain()
    {
        var (engine, output, _) = Engine(limits: new ExecutionLimits { Timeout = TimeSpan.FromMilliseconds(200) });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("fn spin() { let i = 0\n while true { i = i + 1 } }\nspin()"));
        Assert.Equal("timeout", e.Message);
        engine.Run("log(1 + 1)");
        Assert.Equal("2\n", output.ToString());
    }

    [Fact]
    public void StepBudgetStopsACompiledLoop()
    {
        var (engine, _, _) = Engine(limits: new ExecutionLimits { MaxSteps = 100_000 });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("fn spin() { let i = 0\n for (;;) { i = i + 1 } }\nspin()"));
        Assert.Equal("step budget exhausted", e.Message);
    }

    [Fact]
    public void RuntimeErrorsInCompiledCodeHaveTheInterpretersMessageAndTrace()
    {
        const string source = "fn a(x) {\n  return x / 0\n}\nfn b(x) {\n  return a(x) + 1\n}\nlog(b(3))";
        string Render(SentraEngine engine) => Assert.Throws<SentraRuntimeException>(() => engine.Run(source, "t.sn")).Render();
        var interp = new SentraEngine(new EngineOptions());
        var (jit, _, _) = Engine();
        Assert.Equal(Render(interp), Render(jit));
        Assert.Contains("t.sn", Render(jit));
    }

    [Theory]
    [InlineData("fn f(a, i) {\n  let s = 0\n  s = a[i]\n  return s\n}\nfor (let k = 0; k < 300; k = k + 1) { f([1, 2], k % 2) }\nf(5, 0)")]
    [InlineData("fn f(a, i) {\n  let s = 0\n  a[i] = 1\n  return a\n}\nfor (let k = 0; k < 300; k = k + 1) { f([1, 2], k % 2) }\nf(nil, 1)")]
    [InlineData("fn f(m) {\n  let s = 1\n  s = m.x + m[\"y\"]\n  return s\n}\nfor (let k = 0; k < 300; k = k + 1) { f({\"x\": 1, \"y\": 2}) }\nf(3)")]
    [InlineData("fn f(m) {\n  let s = 0\n  m.x = m.x + 1\n  return m\n}\nfor (let k = 0; k < 300; k = k + 1) { f({\"x\": 1}) }\nf(\"s\")")]
    [InlineData("fn f(m) {\n  let s = 0\n  m[\"x\"] = 2\n  return m\n}\nfor (let k = 0; k < 300; k = k + 1) { f({\"x\": 1}) }\nf([1])")]
    [InlineData("fn f(a, b) {\n  let s = 0\n  s = a / b\n  return s\n}\nfor (let k = 0; k < 300; k = k + 1) { f(1.5, 0.5) }\nf(1.5, -0.0)")]
    public void ErrorsOnTheSlowPathsOfInlineContainerAccessesHaveTheInterpretersTrace(string source)
    {
        // the fast paths (taken 300 times first: container accesses, a float division) store no
        // pc; the slow path stores it before the helper raises
        string Render(SentraEngine engine) => Assert.Throws<SentraRuntimeException>(() => engine.Run(source, "t.sn")).Render();
        var interp = new SentraEngine(new EngineOptions());
        var (jit, _, jitBackend) = Engine();
        var (stress, _, _) = Engine(Tier.DeoptStress);
        var script = SentraEngine.Compile(source, "t.sn");
        Assert.Throws<SentraRuntimeException>(() => jit.Run(script));
        Assert.True(jitBackend.IsCompiled(Proto(script, "f")));
        string expected = Render(interp);
        Assert.Contains("t.sn:", expected);
        Assert.Equal(expected, Render(Engine().engine));
        Assert.Equal(expected, Render(stress));
    }

    [Fact]
    public void InlineContainerAccessesStoreThePcOnlyOnTheirSlowPathAndUpdateFieldPayloads()
    {
        var dump = new StringWriter();
        var (engine, output, _) = Engine(options: new JitOptions { DumpIL = dump });
        engine.Run("fn f(m) { m.x = m.x * 0.5  return m }\nlog(f({\"x\": 3.0}))");
        Assert.Equal("{x: 1.5}\n", output.ToString());
        string il = dump.ToString();
        string f = il[il.IndexOf("== f", StringComparison.Ordinal)..];
        // the read's inline entry comes before any pc store, the store's payload-only write too
        int entry = f.IndexOf("ldfld Entry::Key", StringComparison.Ordinal);
        int pc = f.IndexOf("call Interpreter::JitSetPc", StringComparison.Ordinal);
        Assert.True(entry >= 0 && pc > entry, f);
        Assert.Contains("stfld Value::_bits", f);
        Assert.True(f.IndexOf("stfld Value::_bits", StringComparison.Ordinal) < f.IndexOf("call JitOps::SetProp", StringComparison.Ordinal) || !f.Contains("JitOps::SetProp"), f);
    }

    [Fact]
    public void FloatFieldsOfTheArgumentsMapsAreReadUnboxedAndAnotherKindDeoptimizesOnce()
    {
        var dump = new StringWriter();
        var (engine, output, backend) = Engine(options: new JitOptions { DumpIL = dump });
        var script = SentraEngine.Compile(
            "fn dist(p, q) {\n  let dx = p.x - q[\"x\"]\n  let dy = p.y - q.y\n  return sqrt(dx * dx + dy * dy)\n}\n" +
            "let a = {\"x\": 0.0, \"y\": 0.0}\nlet s = 0.0\nfor (let k = 0; k < 300; k = k + 1) { s = s + dist(a, {\"x\": 3.0, \"y\": 4.0}) }\nlog(s)\n" +
            "log(dist({\"x\": 1, \"y\": 0.0}, {\"x\": 4.0, \"y\": 4.0}))\n");
        engine.Run(script);
        Assert.Equal("1500\n5\n", output.ToString());
        var dist = Proto(script, "dist");
        // 300 calls on the fast path, then one deopt for the int field (the read is not repeated)
        Assert.Equal(1, backend.DeoptCount(dist));
        Assert.Contains("field not a float: 1", backend.Report());
        Assert.Equal(1, backend.CompilationCount(dist));
        string il = dump.ToString();
        string f = il[il.IndexOf("== dist", StringComparison.Ordinal)..];
        // the differences are float subtractions of unboxed locals, sqrt the Math method
        Assert.Matches(@"ldloc S\d+_F\n    ldloc S\d+_F\n    sub\n", f);
        Assert.Contains("call Math::Sqrt", f);
        Assert.DoesNotContain("call JitOps::Sub", f);
    }

    [Fact]
    public void ElementsOfPackedIntArgumentsAreReadUnboxedAndAnotherKindDeoptimizesOnce()
    {
        var dump = new StringWriter();
        var (engine, output, backend) = Engine(options: new JitOptions { DumpIL = dump });
        var script = SentraEngine.Compile(
            "fn total(xs) {\n  let s = 0\n  for (let i = 0; i < len(xs); i = i + 1) { s = s + xs[i] }\n  return s\n}\n" +
            "let xs = [1, 2, 3]\nlet t = 0\nfor (let k = 0; k < 300; k = k + 1) { t = t + total(xs) }\nlog(t)\nxs[1] = 0.5\nlog(total(xs))\n");
        engine.Run(script);
        Assert.Equal("1800\n4.5\n", output.ToString());
        var total = Proto(script, "total");
        Assert.Equal(1, backend.DeoptCount(total));
        Assert.Contains("element not an int: 1", backend.Report());
        string il = dump.ToString();
        string f = il[il.IndexOf("== total", StringComparison.Ordinal)..];
        // the element straight from the long[] storage into an int local, added without a kind test
        Assert.Matches(@"ldelem\.i8\n    stloc S\d+_I\n", f);
        Assert.DoesNotContain("call JitOps::Add", f);
    }

    [Fact]
    public void AReplacedMathBuiltinDeoptimizesBeforeTheCall()
    {
        var (engine, output, backend) = Engine();
        var script = SentraEngine.Compile("fn f(x) { return sqrt(x) + 1.0 }\nlog(f(4.0))\nsqrt = fn(x) { return 10.0 }\nlog(f(4.0))\nlog(f(9.0))");
        engine.Run(script);
        Assert.Equal("3\n11\n11\n", output.ToString());
        Assert.Contains("builtin replaced", backend.Report());
    }

    [Fact]
    public void TieredCompilesAHotLoopThatRunsOnce()
    {
        var (engine, output, backend) = Engine(Tier.Tiered, options: new JitOptions { BackgroundCompilation = false });
        var script = SentraEngine.Compile("fn run(n) { let s = 0\n for (let i = 0; i < n; i = i + 1) { s = (s + i * i) % 1000003 }\n return s }\nlog(run(200000))");
        engine.Run(script);
        Assert.Equal("784002\n", output.ToString());
        Assert.True(backend.IsCompiled(Proto(script, "run")));
        Assert.Contains("loop entries", backend.Report());
    }

    [Fact]
    public void DumpedIlShowsTheIntFastPathAndItsDeoptExit()
    {
        var dump = new StringWriter();
        var (engine, _, _) = Engine(options: new JitOptions { DumpIL = dump });
        engine.Run("fn add1(x) { return x + 1 }\nadd1(5)");
        string il = dump.ToString();
        Assert.Contains("== add1", il);
        // the int add inline, with SPEC 3.2's overflow check branching to the deopt exit
        Assert.Contains("    add\n    stloc r\n", il);
        Assert.Matches(@"and\n    ldc\.i8 0\n    blt L\d+\n", il);
        Assert.Contains("deopt to 0000", il);
        Assert.Contains("call Interpreter::JitEnter", il);
    }

    [Fact]
    public void DumpedIlTestsKindsWithoutAddressesAndStoragesExactly()
    {
        var dump = new StringWriter();
        var (engine, output, _) = Engine(options: new JitOptions { DumpIL = dump });
        engine.Run("fn f(xs, m) { xs[1] = xs[0] + m[\"x\"]  return xs[1] / m.y }\nlog(f([1.5, 2.5], {\"x\": 2, \"y\": 0.5}))");
        Assert.Equal("7\n", output.ToString());
        string il = dump.ToString();
        string f = il[il.IndexOf("== f", StringComparison.Ordinal)..];
        // kind tests read the tag field of a value local: no address of a value slot is taken
        // (it would keep the local in memory)
        Assert.Contains("ldfld Value::_obj", f);
        Assert.DoesNotMatch(@"ldloca [LS]\d+_V", f);
        // array storage by an exact type test, not isinst (a call of the cast helper)
        Assert.Contains("ldtoken Double[]", f);
        Assert.DoesNotContain("isinst Double[]", f);
        // map fields through the inline-cache entry inline, the helper on a miss
        Assert.Contains("ldfld Entry::Key", f);
        Assert.Contains("call JitOps::GetIndexKey", f);
        Assert.Contains("call JitOps::GetProp", f);
    }

    [Fact]
    public void EveryOpcodeHasALowering()
    {
        foreach (var row in OpTable.Rows)
        {
            // a code array long enough for any operand layout (closure operands aside)
            var code = new int[16];
            code[0] = (int)row.Op;
            if (row.Format == OperandFormat.Closure) continue;
            var proto = new FunctionProto
            {
                Name = "t", File = "t", Arity = 0, Code = code, Constants = [Value.FromString("k")], Protos = [],
                UpvalueCount = 0, MaxLocals = 4, MaxStack = 4, Lines = new LineTable([], []), Handlers = [],
            };
            var lowered = Lowerer.Lower(proto, code, 0);
            Assert.Equal(OpTable.Length(code, 0, proto), lowered.Next);
        }
    }

    [Fact]
    public void FusedFormsLowerToTheirParts()
    {
        MicroOp[] Of(params int[] code) => Lowerer.Lower(new FunctionProto
        {
            Name = "t", File = "t", Arity = 0, Code = code, Constants = [], Protos = [],
            UpvalueCount = 0, MaxLocals = 4, MaxStack = 4, Lines = new LineTable([], []), Handlers = [],
        }, code, 0).Ops;
        // AddLK s k = LoadLocal s + AddK k: one Add of the local and the immediate, pushed
        var addLk = Assert.Single(Of((int)OpCode.AddLK, 2, 7));
        Assert.Equal((OpCode.Add, Operand.Local(2), Operand.Imm(7), DestKind.Push), (addLk.Op, addLk.A, addLk.B, addLk.Dest));
        // JumpIfNotLtLK s k t = LoadLocal s + Int k + JumpIfNotLt t
        var jump = Assert.Single(Of((int)OpCode.JumpIfNotLtLK, 1, 5, 9));
        Assert.Equal((OpCode.Lt, Operand.Local(1), Operand.Imm(5), DestKind.BranchIfFalse, 9), (jump.Op, jump.A, jump.B, jump.Dest, jump.Target));
        // quickened forms mean their generic instruction, with the profile's hint
        var addInt = Assert.Single(Of((int)OpCode.AddInt));
        Assert.True(addInt.Quick);
        Assert.Equal(OpCode.Add, addInt.Op);
        // ForLoop: the counter's update, then the compare that jumps back
        var loop = Of((int)OpCode.ForLoop, 0, 1, 3, (int)(ForLoopMode.BoundIsLocal | ForLoopMode.Lt), 2);
        Assert.Equal(2, loop.Length);
        Assert.Equal((OpCode.Add, DestKind.Local), (loop[0].Op, loop[0].Dest));
        Assert.Equal((OpCode.Lt, Operand.Local(3), DestKind.BranchIfTrue, 2), (loop[1].Op, loop[1].B, loop[1].Dest, loop[1].Target));
    }
}
