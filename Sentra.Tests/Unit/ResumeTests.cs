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

    private static int FindOp(FunctionProto proto, OpCode op)
    {
        for (int pc = 0; pc < proto.Code.Length; pc += OpTable.Length(proto.Code, pc, proto))
            if ((OpCode)proto.Code[pc] == op) return pc;
        throw new InvalidOperationException($"{op} not found");
    }
}
