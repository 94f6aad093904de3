using Sentra.Bytecode;
using Sentra.Compilation;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Every backward jump is a counting back edge (Loop or ForLoop), so a loop that only ever
/// goes round through <c>continue</c> is stopped by every engine limit, in every loop form;
/// the verifier rejects any other backward jump.
/// </summary>
public sealed class BackEdgeTests
{
    /// <summary>Infinite loops whose only way round is a <c>continue</c> (the end of the body is never reached).</summary>
    public static readonly Dictionary<string, string> ContinueLoops = new()
    {
        ["while"] = "let i = 0 while true { i = i + 1 if i > 0 { continue } log(1) }",
        ["while, continue in try/finally"] = "let n = 0 while true { try { if true { continue } } finally { n = n + 1 } log(1) }",
        ["while, continue in a catch"] = "while true { try { throw 1 } catch e { continue } log(1) }",
        ["while, continue with operands on the stack"] = "while true { let xs = [1, 2 + if true { continue } else { 2 }] log(xs) }",
        ["for"] = "for (let i = 0; true; i = i + 1) { if i >= 0 { continue } log(1) }",
        ["for without clauses"] = "for (;;) { if true { continue } log(1) }",
        ["counting for"] = "for (let i = 0; i < 10; i = i + 0) { if i >= 0 { continue } log(1) }",
        ["for-in"] = "let xs = [0] for x in xs { push(xs, x) if true { continue } log(1) }",
        ["for-in, continue in try/finally"] = "let xs = [0] for x in xs { try { push(xs, x) continue } finally { } log(1) }",
        ["nested, inner continue"] = "while true { for (let i = 0; true; i = i + 1) { if true { continue } } }",
    };

    public static TheoryData<string> Forms() => new(ContinueLoops.Keys);

    private static SentraEngine NewEngine(ExecutionLimits limits, StringWriter output) =>
        new(new EngineOptions { Output = output, Limits = limits });

    /// <summary>The engine is usable for another run after the limit stopped one.</summary>
    private static void AssertRunsAgain(SentraEngine engine) =>
        Assert.Equal(6, engine.Run("let s = 0 for x in [1, 2, 3] { s = s + x } return s").AsInt);

    [Theory]
    [MemberData(nameof(Forms))]
    public void ContinueLoopHitsTheStepBudget(string form)
    {
        var output = new StringWriter();
        using var engine = NewEngine(new ExecutionLimits { MaxSteps = 1000 }, output);
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(ContinueLoops[form]));
        Assert.Contains("step budget", e.Message);
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void ContinueLoopHitsTheTimeout(string form)
    {
        var output = new StringWriter();
        using var engine = NewEngine(new ExecutionLimits { Timeout = TimeSpan.FromMilliseconds(100) }, output);
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(ContinueLoops[form]));
        Assert.Equal("timeout", e.Message);
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void ContinueLoopIsCancelled(string form)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var output = new StringWriter();
        using var engine = NewEngine(new ExecutionLimits { CancellationToken = cts.Token, Timeout = TimeSpan.FromSeconds(30) }, output);
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(ContinueLoops[form]));
        Assert.Equal("script cancelled", e.Message);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void TheEngineRunsAgainAfterAContinueLoopIsStopped()
    {
        var output = new StringWriter();
        using var engine = NewEngine(new ExecutionLimits { MaxSteps = 10_000 }, output);
        Assert.Throws<SentraLimitException>(() => engine.Run(ContinueLoops["while"]));
        AssertRunsAgain(engine);
        Assert.Throws<SentraLimitException>(() => engine.Run(ContinueLoops["for-in"]));
        AssertRunsAgain(engine);
    }

    [Fact]
    public void EveryBackwardJumpTheCompilerEmitsIsABackEdge()
    {
        // the verifier checks this for every compiled function; checked here again from the
        // outside, on the loops above, at top level and inside a function
        foreach (var source in ContinueLoops.Values)
        {
            var script = Compiler.Compile($"{source}\nfn f() {{ {source} }}", "t.sn");
            foreach (var proto in new[] { script.Main, script.Main.Protos[0] })
            {
                for (int pc = 0; pc < proto.Code.Length; pc += OpTable.Length(proto.Code, pc, proto))
                {
                    var info = OpTable.Get((OpCode)proto.Code[pc]);
                    if (info.Op is OpCode.Loop or OpCode.ForLoop) continue;
                    int? target = info.Format switch
                    {
                        OperandFormat.Jump => proto.Code[pc + 1],
                        OperandFormat.SlotJump or OperandFormat.ImmJump => proto.Code[pc + 2],
                        OperandFormat.SlotImmJump => proto.Code[pc + 3],
                        _ => null,
                    };
                    Assert.False(target <= pc, $"backward {info.Op} at {pc} in {proto.Name} of: {source}");
                }
            }
        }
    }

    [Fact]
    public void TheVerifierRejectsABackwardJumpThatIsNotABackEdge()
    {
        // 0: Nil  1: Pop  2: Jump 0  -- a loop that counts nothing
        var e = Assert.Throws<InvalidOperationException>(() => Verifier.Verify(Proto([(int)OpCode.Nil, (int)OpCode.Pop, (int)OpCode.Jump, 0])));
        Assert.Contains("not a back edge", e.Message);
        // 0: Loop 0  -- the same cycle through the counting instruction is fine
        Verifier.Verify(Proto([(int)OpCode.Loop, 0]));
        // 0: True  1: JumpIfTrue 0  -- conditional backward jumps are rejected too
        e = Assert.Throws<InvalidOperationException>(() => Verifier.Verify(Proto([(int)OpCode.True, (int)OpCode.JumpIfTrue, 0, (int)OpCode.Nil, (int)OpCode.Return])));
        Assert.Contains("not a back edge", e.Message);
        // 0: Loop 2  2: Nil  3: Return  -- a Loop that goes forward is not a back edge either
        e = Assert.Throws<InvalidOperationException>(() => Verifier.Verify(Proto([(int)OpCode.Loop, 2, (int)OpCode.Nil, (int)OpCode.Return])));
        Assert.Contains("goes forward", e.Message);
    }

    private static FunctionProto Proto(int[] code) => new()
    {
        Name = "t",
        File = "t.sn",
        Arity = 0,
        Code = code,
        Constants = [],
        Protos = [],
        UpvalueCount = 0,
        MaxLocals = 0,
        MaxStack = 2,
        Lines = new LineTable([0], [1]),
        Handlers = [],
    };
}
