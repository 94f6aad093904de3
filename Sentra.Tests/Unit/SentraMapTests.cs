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
    /// <summary>
    /// Random sets, deletes and lookups against a reference model, on maps that start at every
    /// literal size and cross from the small form (no buckets) to the hashed one, deleting
    /// along the way: the same contents, order and answers in each form.
    /// </summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(8, 5)]
    [InlineData(9, 6)]
    public void SmallAndHashedFormsAgreeWithAModel(int capacity, int seed)
    {
        var random = new Random(seed);
        var map = new SentraMap(capacity);
        var model = new List<KeyValuePair<string, long>>();
        // keys of equal length and keys built at run time (never the same string object)
        string Key(int k) => k % 3 == 0 ? "k" + k : string.Concat("key", (k * 7).ToString());
        for (int step = 0; step < 4000; step++)
        {
            int k = random.Next(step < 2000 ? 12 : 40);
            string key = Key(k);
            int at = model.FindIndex(p => p.Key == key);
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    map.Set(new string(key.AsSpan()), Value.FromInt(step));
                    if (at >= 0) model[at] = new(key, step);
                    else model.Add(new(key, step));
                    break;
                case 2:
                    Assert.Equal(at >= 0, map.Remove(key));
                    if (at >= 0) model.RemoveAt(at);
                    break;
                default:
                    Assert.Equal(at >= 0, map.TryGet(key, out var v));
                    if (at >= 0) Assert.Equal(model[at].Value, v.AsInt);
                    Assert.Equal(at >= 0, map.ContainsKey(key));
                    break;
            }
            Assert.Equal(model.Count, map.Count);
        }
        Assert.Equal(model.Select(p => p.Key), map.Keys.ToArray());
        Assert.Equal(model.Select(p => p.Value), map.Entries.Select(e => e.Value.AsInt));
        for (int i = 0; i < model.Count; i++) Assert.Equal(model[i].Key, map.KeyAt(i));
    }

    [Fact]
    public void IntKeysReachTheEntriesOfTheirDecimalText()
    {
        // SetInt formats and hashes the digits once for the lookup and the new entry: the
        // entries are those of str(k), in small and hashed maps, across growth
        long[] keys = [0, 7, 1023, 1024, 5000, -1, -1024, long.MaxValue, long.MinValue, 123456789012];
        var m = new SentraMap();
        foreach (var k in keys) m.SetInt(k, Value.FromInt(k % 1000));
        for (long k = 2000; k < 2600; k++) m.SetInt(k, Value.FromInt(k));
        foreach (var k in keys)
        {
            string text = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(k % 1000, m.Get(text).AsInt);
            Assert.Equal(k % 1000, m.GetInt(k).AsInt);
        }
        m.Set("2100", Value.FromInt(-5));
        Assert.Equal(-5, m.GetInt(2100).AsInt);
        m.SetInt(2101, Value.FromInt(-6));
        Assert.Equal(-6, m.Get("2101").AsInt);
        Assert.Equal(keys.Length + 600, m.Count);
        Assert.True(m.Remove("5000"));
        Assert.True(m.GetInt(5000).IsNil);
        m.SetInt(5000, Value.FromInt(1));
        Assert.Equal(1, m.Get("5000").AsInt);
        Assert.Equal(keys.Length + 600, m.Count);
    }
}
