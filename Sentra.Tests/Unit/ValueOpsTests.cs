using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>Deep equality (SPEC 3.5): answers on shared and cyclic data, and no allocation.</summary>
public sealed class ValueOpsTests
{
    private static Value Arr(params Value[] items) => Value.FromObject(new SentraArray(items));

    private static Value Map(params (string Key, Value Value)[] entries)
    {
        var m = new SentraMap();
        foreach (var (k, v) in entries) m.Set(k, v);
        return Value.FromObject(m);
    }

    [Fact]
    public void CyclicArraysAndMapsCompareByStructure()
    {
        var a = new SentraArray(new[] { Value.FromInt(1) });
        a.Add(Value.FromObject(a));
        var b = new SentraArray(new[] { Value.FromInt(1) });
        b.Add(Value.FromObject(b));
        var c = new SentraArray(new[] { Value.FromInt(2) });
        c.Add(Value.FromObject(c));
        Assert.True(ValueOps.Equal(Value.FromObject(a), Value.FromObject(b)));
        Assert.False(ValueOps.Equal(Value.FromObject(a), Value.FromObject(c)));

        var m = new SentraMap();
        m.Set("self", Value.FromObject(m));
        var n = new SentraMap();
        n.Set("self", Value.FromObject(n));
        Assert.True(ValueOps.Equal(Value.FromObject(m), Value.FromObject(n)));
    }

    [Fact]
    public void DeepEqualityAllocatesNothing()
    {
        var x = Arr(Value.FromInt(1), Map(("k", Arr(Value.FromString("s")))));
        var y = Arr(Value.FromInt(1), Map(("k", Arr(Value.FromString("s")))));
        var z = Arr(Value.FromInt(1), Map(("k", Arr(Value.FromString("t")))));
        Assert.True(ValueOps.Equal(x, y)); // warm-up: the per-thread pair set is created once
        long before = GC.GetAllocatedBytesForCurrentThread();
        int equal = 0;
        for (int i = 0; i < 100; i++)
        {
            if (ValueOps.Equal(x, y)) equal++;
            if (ValueOps.Equal(x, z)) equal++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100, equal);
        Assert.Equal(0, allocated);
    }
}
