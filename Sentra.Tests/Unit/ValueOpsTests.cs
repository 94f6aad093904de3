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

    private static Value S(string s) => Value.FromString(s);

    // a string being built (a BuiltString) with the given text
    private static Value Built(string text)
    {
        var v = ValueOps.Concat(S(new string('x', BuiltString.MinLength)), S(text));
        Assert.IsType<BuiltString>(v.RawObj);
        return v;
    }

    [Fact]
    public void StringEqualityFastPathsAgreeWithCharacterEquality()
    {
        string[] texts = ["", "a", "b", "(", "ab", "ba", "a\u00e9", "\U0001F600", "\uD83D", "\uDE00", "aa", "abc"];
        foreach (var x in texts)
        {
            foreach (var y in texts)
            {
                bool expected = string.CompareOrdinal(x, y) == 0;
                // distinct instances, so the reference shortcut is not what answers
                Assert.Equal(expected, ValueOps.Equal(S(new string(x.AsSpan())), S(new string(y.AsSpan()))));
                Assert.Equal(expected, ValueOps.EqualStrings(new string(x.AsSpan()), new string(y.AsSpan())));
                Assert.Equal(expected, ValueOps.Equal(Built(x), S(new string('x', BuiltString.MinLength) + y)));
            }
        }
        Assert.False(ValueOps.Equal(S("1"), Value.FromInt(1)));
        Assert.False(ValueOps.Equal(S(""), Value.Nil));
        Assert.False(ValueOps.Equal(Value.Nil, S("")));
        Assert.True(ValueOps.Equal(Value.FromInt(1), Value.FromFloat(1.0)));
    }

    [Fact]
    public void StringOrderingFastPathsFollowCodePoints()
    {
        // code-point order: a surrogate pair (U+10000 and above) sorts after every BMP
        // character, U+FFFF included, though its UTF-16 units are below U+E000
        string[] texts = ["", "0", "9", "09", "90", "a", "z", "za", "\u00e9", "\uE000", "\uFFFF", "\U0001F600", "\U0001F600a", "\U0001F601", "a\U0001F600"];
        foreach (var x in texts)
        {
            foreach (var y in texts)
            {
                int expected = Math.Sign(string.CompareOrdinal(ToUtf32(x), ToUtf32(y)));
                Assert.Equal(expected, ValueOps.Compare(S(x), S(y)));
                Assert.Equal(expected, ValueOps.CompareStringsSign(x, y));
                Assert.Equal(expected, ValueOps.Compare(Built(x), S(new string('x', BuiltString.MinLength) + y)));
            }
        }
        Assert.Throws<SentraRuntimeException>(() => ValueOps.Compare(S("a"), Value.FromInt(1)));
        Assert.Throws<SentraRuntimeException>(() => ValueOps.Compare(Value.Nil, S("a")));
        Assert.Equal(-1, ValueOps.Compare(Value.FromInt(1), Value.FromFloat(1.5)));
    }

    // each code point as two chars (its high and low 16 bits): ordinal order of the result
    // is code-point order of the text
    private static string ToUtf32(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var r in s.EnumerateRunes()) sb.Append((char)(r.Value >> 16)).Append((char)(r.Value & 0xFFFF));
        return sb.ToString();
    }
}
