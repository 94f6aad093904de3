using Sentra.Bytecode;
using Sentra.Compilation;
using Sentra.Execution;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// The interpreter can resume a frame built from outside at any pc (what JIT deoptimization
/// needs): suspend a function mid-loop, rebuild the frame in a fresh interpreter, finish it.
/// </summary>
public sealed class ResumeTests
{
    private const string Source = """
        fn work(n) {
          let total = 0
          let i = 0
          while i < n {
            total = total + i * 3 - (i % 7)
            i = i + 1
          }
          return total
        }
        result = work(200000)
        """;

    private static long Expected()
    {
        long total = 0;
        for (long i = 0; i < 200000; i++) total = total + i * 3 - (i % 7);
        return total;
    }

    [Fact]
    public void SuspendMidLoopThenResumeFromSnapshot()
    {
        var script = Compiler.Compile(Source, "resume.sn");
        var first = new Interpreter(new InterpreterOptions { Limits = new ExecutionLimits { MaxSteps = 50_000 } }) { SuspendOnBudget = true };
        Assert.Throws<ScriptSuspendedException>(() => first.RunMain(script));
        var state = first.CaptureTopFrame();
        Assert.Equal("work", state.Closure.Proto.Name);
        long iAtSuspend = state.Locals[2].AsInt;
        Assert.InRange(iAtSuspend, 1, 199_999);

        // rebuild the frame from the copied snapshot in a brand-new interpreter
        var copy = new FrameState
        {
            Closure = state.Closure,
            Pc = state.Pc,
            Locals = (Value[])state.Locals.Clone(),
            Stack = (Value[])state.Stack.Clone(),
        };
        var second = new Interpreter();
        var result = second.Resume(copy);
        Assert.True(result.IsInt);
        Assert.Equal(Expected(), result.AsInt);
        Assert.Equal(0, second.Depth);
    }

    [Fact]
    public void ResumeWithValuesOnTheOperandStack()
    {
        // pc at the generic Add of `a * 1 + b * 1`, with both operands already pushed (a + b
        // on two locals would be one AddLL instruction)
        var script = Compiler.Compile("fn f(a, b) { return (a * 1 + b * 1) * 10 }", "r.sn");
        var interp = new Interpreter();
        interp.RunMain(script);
        var proto = script.Main.Protos[0];
        int addPc = FindOp(proto, OpCode.Add);
        var closure = new Closure(proto, [], new ModuleInstance("m", null, script));
        var result = interp.Resume(new FrameState
        {
            Closure = closure,
            Pc = addPc,
            Locals = [Value.FromInt(1), Value.FromInt(2)],
            Stack = [Value.FromInt(40), Value.FromInt(2)],
        });
        Assert.Equal(420, result.AsInt);
    }

    /// <summary>
    /// Runs <paramref name="source"/> until its step budget suspends it, captures every frame,
    /// and resumes the whole chain in a fresh interpreter; returns the script's result and output
    /// and the names of the frames that were rebuilt.
    /// </summary>
    private static (Value Result, string Output, string[] Frames) SuspendAndResumeChain(string source, long steps)
    {
        var script = Compiler.Compile(source, "chain.sn");
        var first = new Interpreter(new InterpreterOptions { Limits = new ExecutionLimits { MaxSteps = steps } }) { SuspendOnBudget = true };
        var firstOut = new StringWriter { NewLine = "\n" };
        first.Out = firstOut;
        Assert.Throws<ScriptSuspendedException>(() => first.RunMain(script));
        var chain = first.CaptureFrames();
        var second = new Interpreter();
        var output = new StringWriter { NewLine = "\n" };
        output.Write(firstOut.ToString());
        second.Out = output;
        var result = second.Resume(chain);
        Assert.Equal(0, second.Depth);
        return (result, output.ToString(), [.. chain.Select(s => s.Closure.Proto.Name)]);
    }

    private static (Value Result, string Output) RunWhole(string source)
    {
        var interp = new Interpreter();
        var output = new StringWriter { NewLine = "\n" };
        interp.Out = output;
        var result = interp.RunMain(Compiler.Compile(source, "chain.sn"));
        return (result, output.ToString());
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(20_000)]
    [InlineData(47_000)]
    public void AChainOfFramesResumesUnderInterpretedCallersInsideTryFinallyWithCapturedCells(long steps)
    {
        // suspended inside `inner`'s loop (at a back edge), called from `middle` inside a try
        // with a finally, called from the script; `middle`'s local `count` is a cell shared
        // with `bump`, which both functions call
        const string source = """
            fn inner(n, f) {
              f()
              let t = 0
              for (let i = 0; i < n; i = i + 1) { t = t + i % 5 }
              if t > 1000000 { throw "big" }
              return t
            }
            fn middle(n) {
              let count = 0
              let bump = fn() { count = count + 1 }
              let r = 0
              try {
                r = inner(n, bump) * 2 + 1
              } catch e {
                r = -1
              } finally {
                bump()
                log("finally " + str(count))
              }
              return r + count
            }
            let a = middle(10000)
            let b = middle(1000000)
            return [a, b]
            """;
        var whole = RunWhole(source);
        var (result, output, frames) = SuspendAndResumeChain(source, steps);
        Assert.Equal(["<script>", "middle", "inner"], frames);
        Assert.Equal(whole.Output, output);
        Assert.Equal("finally 2\nfinally 2\n", output);
        // sum of i % 5 below 10,000 is 20,000: (20,000 * 2 + 1) + 2; the second throws: -1 + 2
        Assert.Equal("[40003, 1]", ValueFormatter.ToDisplayString(result));
        Assert.True(ValueOps.Equal(whole.Result, result));
    }

    [Fact]
    public void AChainIsCheckedBeforeAnyFrameIsPushed()
    {
        var script = Compiler.Compile("fn f(x) { return g(x) + 1 }\nfn g(x) { return x * 2 }", "r.sn");
        var interp = new Interpreter();
        interp.RunMain(script);
        var f = script.Main.Protos.First(p => p.Name == "f");
        var module = new ModuleInstance("m", null, script);
        var closure = new Closure(f, [], module);
        // a caller's pc must be one with the call's result on top of its operand stack: pc 0 is not
        var bad = new FrameState { Closure = closure, Pc = 0, Locals = [Value.FromInt(1)], Stack = [] };
        var e = Assert.Throws<ArgumentException>(() => interp.Resume([bad, bad]));
        Assert.Contains("operand stack holds 1 values", e.Message);
        Assert.Throws<ArgumentException>(() => interp.Resume(Array.Empty<FrameState>()));
        Assert.Equal(0, interp.Depth);
    }

    private static int FindOp(FunctionProto proto, OpCode op)
    {
        for (int pc = 0; pc < proto.Code.Length; pc += OpTable.Length(proto.Code, pc, proto))
            if ((OpCode)proto.Code[pc] == op) return pc;
        throw new InvalidOperationException($"{op} not found");
    }
}
