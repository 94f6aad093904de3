using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

public sealed class SentraMapTests
{
    [Fact]
    public void KeepsInsertionOrderThroughUpdatesDeletesAndGrowth()
    {
        var m = new SentraMap();
        var expected = new List<string>();
        for (int i = 0; i < 1000; i++)
        {
            m.Set("k" + i, Value.FromInt(i));
            expected.Add("k" + i);
        }
        for (int i = 0; i < 1000; i += 3)
        {
            Assert.True(m.Remove("k" + i));
            expected.Remove("k" + i);
        }
        Assert.False(m.Remove("k0"));
        m.Set("k1", Value.FromInt(-1));          // update keeps the position
        m.Set("k0", Value.FromInt(0));           // re-insert goes to the end
        expected.Add("k0");
        for (int i = 2000; i < 2600; i++)
        {
            m.Set("n" + i, Value.FromInt(i));  // growth with tombstones present
            expected.Add("n" + i);
        }
        Assert.Equal(expected, m.Keys.ToList());
        Assert.Equal(expected.Count, m.Count);
        Assert.Equal(expected, m.KeySnapshot());
        Assert.Equal(-1, m.Get("k1").AsInt);
        Assert.True(m.Get("k3").IsNil);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], m.KeyAt(i));
    }

    [Fact]
    public void InlineCacheHintsSurviveCompaction()
    {
        var m = new SentraMap();
        m.Set("a", Value.FromInt(1));
        m.Set("b", Value.FromInt(2));
        int hint = 0;
        Assert.Equal(2, m.GetCached("b", ref hint).AsInt);
        Assert.Equal(1, hint);
        m.Remove("a");
        for (int i = 0; i < 100; i++) m.Set("x" + i, Value.FromInt(i));
        Assert.Equal(2, m.GetCached("b", ref hint).AsInt);
        m.SetCached("b", Value.FromInt(3), ref hint);
        Assert.Equal(3, m.Get("b").AsInt);
        int fresh = 7;
        m.SetCached("new", Value.FromInt(9), ref fresh);
        Assert.Equal(9, m.GetCached("new", ref fresh).AsInt);
        Assert.Equal("new", m.Keys.Last());
    }

    [Fact]
    public void EmptyingAndRefilling()
    {
        var m = new SentraMap(0);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 50; i++) m.Set(i.ToString(), Value.FromInt(i));
            for (int i = 0; i < 50; i++) Assert.True(m.Remove(i.ToString()));
            Assert.Equal(0, m.Count);
            Assert.Empty(m.Keys);
        }
        m.Set("z", Value.True);
        Assert.Equal(["z"], m.Keys);
    }
}
