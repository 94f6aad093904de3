using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Strings being built by <c>+</c> (BuiltString): every reader sees an ordinary string,
/// values sharing a buffer keep their own text, appends are amortized O(1), and the size
/// cap still holds.
/// </summary>
public sealed class BuiltStringTests
{
    private static readonly string Long = new('x', BuiltString.MinLength);

    private static Value Add(Value a, Value b) => ValueOps.Add(a, b);

    [Fact]
    public void LongConcatenationsAreBuiltAndShortOnesAreNot()
    {
        Assert.IsType<string>(Add("ab", "c").RawObj);
        var built = Add(Long, "c");
        Assert.IsType<BuiltString>(built.RawObj);
        Assert.True(built.IsString);
        Assert.Equal(ValueKind.String, built.Kind);
        Assert.Equal("string", built.TypeName);
        Assert.True(built.IsTruthy);
        Assert.Equal(Long + "c", built.AsString);
        Assert.Equal(Long + "c", built.Obj);
        Assert.Equal(Long + "c", built.ToString());
    }

    [Fact]
    public void ValuesSharingABufferKeepTheirOwnText()
    {
        var s = Add(Long, "a");
        var t = Add(s, "b");   // written in place: s is the buffer's end
        var u = Add(s, "c");   // s again: copied
        var v = Add(t, "d");   // t is the end again
        var w = Add(t, "e");
        Assert.Same(s.RawObj, t.RawObj);
        Assert.NotSame(s.RawObj, u.RawObj);
        Assert.Equal(Long + "a", s.AsString);
        Assert.Equal(Long + "ab", t.AsString);
        Assert.Equal(Long + "ac", u.AsString);
        Assert.Equal(Long + "abd", v.AsString);
        Assert.Equal(Long + "abe", w.AsString);
        // reading an older value after a newer one was made into a string
        Assert.Equal(Long + "a", s.AsString);
        Assert.Equal(Long.Length + 1, StringOps.Length(s));
    }

    [Fact]
    public void EqualityHashingAndOrderMatchOrdinaryStrings()
    {
        var built = Add(Add(Long, "k"), "ey");
        Value flat = Long + "key";
        Assert.True(ValueOps.Equal(built, flat));
        Assert.True(ValueOps.Equal(flat, built));
        Assert.True(ValueOps.Equal(built, Add(Long, "key")));
        Assert.False(ValueOps.Equal(built, Add(Long, "kez")));
        Assert.False(ValueOps.Equal(built, Value.FromInt(1)));
        Assert.True(built.Equals(flat));
        Assert.Equal(flat.GetHashCode(), built.GetHashCode());
        Assert.Equal(0, ValueOps.Compare(built, flat));
        Assert.Equal(-1, ValueOps.Compare(built, Add(built, "!")));
        Assert.Equal(Long + "key", ValueOps.MapKey(built));

        var map = new SentraMap();
        ValueOps.SetIndex(Value.FromObject(map), built, Value.FromInt(7));
        Assert.Equal(7, ValueOps.GetIndex(Value.FromObject(map), flat).AsInt);
        Assert.True(map.ContainsKey(Long + "key"));
    }

    [Fact]
    public void SurrogatePairsAreCountedAlsoWhenSplitAcrossAppends()
    {
        var s = Add(Long, "\uD83D");            // a lone high surrogate for now
        Assert.Equal(Long.Length + 1, StringOps.Length(s));
        var t = Add(s, "\uDE00!");               // completes the pair
        Assert.Equal(Long.Length + 2, StringOps.Length(t));
        Assert.Equal(Long.Length + 1, StringOps.Length(s));
        Assert.Equal("\U0001F600", ValueOps.GetIndex(t, Value.FromInt(Long.Length)).AsString);
        Assert.Equal("!", ValueOps.GetIndex(t, Value.FromInt(Long.Length + 1)).AsString);
        Assert.Equal("\uD83D", ValueOps.GetIndex(s, Value.FromInt(Long.Length)).AsString);
        Assert.True(ValueOps.GetIndex(t, Value.FromInt(Long.Length + 2)).IsNil);
        Assert.True(ValueOps.GetIndex(t, Value.FromInt(-1)).IsNil);

        var emoji = Add(string.Concat(Enumerable.Repeat("\U0001F600", 200)), "a");
        Assert.Equal(201, StringOps.Length(emoji));
        Assert.Equal("a", ValueOps.GetIndex(emoji, Value.FromInt(200)).AsString);
    }

    [Fact]
    public void AppendsAreAmortizedConstant()
    {
        var s = Add(Long, "");
        Value piece = "0123456789";
        s = Add(s, piece);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) s = Add(s, piece);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int length = Long.Length + 10 * 100_001;
        Assert.Equal(length, StringOps.Length(s));
        // doubling buffers: their capacities sum to less than 4 x the final length, at 2 bytes
        // a character (copying the whole string per append would allocate about 10,000 times that)
        Assert.InRange(allocated, 0, 8L * length + 4096);
    }

    [Fact]
    public void AnotherThreadCopiesInsteadOfWritingIntoTheBuffer()
    {
        var s = Add(Long, "a");
        Value fromOther = default;
        var thread = new Thread(() => fromOther = Add(s, "b"));
        thread.Start();
        thread.Join();
        Assert.NotSame(s.RawObj, fromOther.RawObj);
        var mine = Add(s, "c"); // s is still the end of its buffer on this thread
        Assert.Same(s.RawObj, mine.RawObj);
        Assert.Equal(Long + "ab", fromOther.AsString);
        Assert.Equal(Long + "ac", mine.AsString);
    }

    [Fact]
    public void TheStringSizeCapHolds()
    {
        var built = Add(Long, "a");
        // a value claiming the largest allowed length: the cap is checked before anything is written
        var atCap = Value.FromRaw(Limits.MaxStringLength, built.RawObj);
        var e = Assert.Throws<SentraRuntimeException>(() => Add(atCap, "z"));
        Assert.Equal("string too large", e.Message);
        var big = new string('x', Limits.MaxStringLength / 2 + 1);
        e = Assert.Throws<SentraRuntimeException>(() => Add(big, big));
        Assert.Equal("string too large", e.Message);
    }

    [Fact]
    public void EmptyPiecesAndEmptyStrings()
    {
        Assert.Equal("", Add("", "").AsString);
        var s = Add(Long, "");
        Assert.IsType<BuiltString>(s.RawObj);
        Assert.Equal(Long, s.AsString);
        Assert.Equal(Long, Add(s, "").AsString);
        Assert.Equal(Long + Long, Add(s, s).AsString);
    }
}
