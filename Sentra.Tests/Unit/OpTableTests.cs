using Sentra.Bytecode;
using Xunit;

namespace Sentra.Tests.Unit;

public sealed class OpTableTests
{
    [Fact]
    public void EveryOpcodeHasExactlyOneRow()
    {
        var ops = Enum.GetValues<OpCode>();
        Assert.Equal(ops.Length, OpTable.Rows.Count);
        Assert.Equal(ops.Length, OpTable.Count); // the verifier's bound on opcodes
        foreach (var op in ops)
        {
            Assert.Single(OpTable.Rows, r => r.Op == op);
            Assert.False(string.IsNullOrWhiteSpace(OpTable.Get(op).Meaning));
        }
    }

    [Fact]
    public void VariableStackEffectsAreComputedFromOperands()
    {
        Assert.Equal(-3, OpTable.StackEffect(OpCode.Call, 3)); // f a b c -> r
        Assert.Equal(-5, OpTable.StackEffect(OpCode.NewMap, 3)); // 6 -> 1
        Assert.Equal(-3, OpTable.StackEffect(OpCode.NewArray, 4));
        Assert.Equal(-2, OpTable.StackEffect(OpCode.PopN, 2));
        Assert.Equal(1, OpTable.StackEffect(OpCode.LoadLocal, 0));
    }
}
