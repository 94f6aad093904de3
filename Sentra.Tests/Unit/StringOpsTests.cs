using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>The code-point view of strings: answers, and that asking costs no allocation.</summary>
public sealed class StringOpsTests
{
    [Theory]
    [InlineData("w123-4", 6)]
    [InlineData("", 0)]
    [InlineData("a\U0001F600b", 3)]                          // a surrogate pair is one code point
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789", 36)] // longer than the short-string scan
    [InlineData("abcdefghijklmnopqrstuvwxyz\U0001F600", 27)]
    [InlineData("éèêëàâäôöûüùçœæ-ÉÈÊËÀÂÄÔÖÛÜ", 27)]                   // long, not ASCII, no surrogates
    [InlineData("éèêëàâäôöûüùçœæ-ÉÈÊËÀÂÄÔÖÛÜ\U0001F600", 28)]    // long, not ASCII, a surrogate pair
    public void LengthCountsCodePoints(string s, int expected) => Assert.Equal(expected, StringOps.Length(s));

    [Fact]
    public void LengthAllocatesNothing()
    {
        // len(s) runs in scripts' inner loops; the vectorized range search used before
        // allocated 92 bytes per call
        string shortText = "w123-4", longText = new string('x', 40) + "\U0001F600";
        StringOps.Length(shortText);
        StringOps.Length(longText);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 100; i++)
        {
            total += StringOps.Length(shortText);
            total += StringOps.Length(i % 2 == 0 ? longText : new string('y', 30)); // a fresh string: no cached answer
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(50 * 6 + 50 * 6 + 50 * 41 + 50 * 30, total);
        // only the 50 fresh strings themselves (30 chars: 88 bytes each)
        Assert.InRange(allocated, 0, 50 * 96);
    }

    /// <summary>The positions the straightforward scan gives: UTF-16 offset of every code point, then the length.</summary>
    private static List<int> NaiveOffsets(string s)
    {
        var offsets = new List<int>();
        for (int i = 0; i < s.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
        }
        offsets.Add(s.Length);
        return offsets;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CodePointMapAgreesWithAScan(int seed)
    {
        // pairs, lone surrogates and ASCII mixed, long enough for many breadcrumbs
        var random = new Random(seed);
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            switch (random.Next(6))
            {
                case 0: sb.Append("\U0001F600"); break;
                case 1: sb.Append('\uD83D'); break;
                case 2: sb.Append('\uDE00'); break;
                case 3: sb.Append('é'); break;
                default: sb.Append((char)('a' + random.Next(26))); break;
            }
        }
        string s = sb.ToString();
        var offsets = NaiveOffsets(s);
        int length = offsets.Count - 1;
        Assert.Equal(length, StringOps.Length(s));
        // forwards, backwards and at random, so both the breadcrumbs and the last position are used
        var order = Enumerable.Range(0, length + 1).Concat(Enumerable.Range(0, length + 1).Reverse())
            .Concat(Enumerable.Range(0, 2000).Select(_ => random.Next(length + 1)));
        foreach (int cp in order) Assert.Equal(offsets[cp], StringOps.Offset(s, cp));
        for (int off = 0; off <= s.Length; off++)
        {
            int expected = offsets.FindIndex(o => o >= off);
            Assert.Equal(expected, StringOps.CodePointIndex(s, off));
        }
        for (int cp = 0; cp < length; cp++)
        {
            string ch = StringOps.CharAt(s, cp).AsString;
            Assert.Equal(s.Substring(offsets[cp], offsets[cp + 1] - offsets[cp]), ch);
            Assert.Equal(s.Substring(offsets[cp], offsets[Math.Min(cp + 5, length)] - offsets[cp]), StringOps.Sub(s, cp, Math.Min(cp + 5, length)));
        }
        Assert.True(StringOps.CharAt(s, length).IsNil);
    }

    [Fact]
    public void LongStringsReadInTurnKeepTheirAnswers()
    {
        // two long strings alternate (a[i] == b[i]): the few recent answers kept per thread,
        // not only the last one, serve them
        string ascii = new('a', 3000), emoji = new string('b', 2999) + "\U0001F600";
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(3000, StringOps.Length(ascii));
            Assert.Equal(3000, StringOps.Length(emoji));
            Assert.False(StringOps.HasSurrogates(ascii));
            Assert.True(StringOps.HasSurrogates(emoji));
            Assert.Equal("\U0001F600", StringOps.CharAt(emoji, 2999).AsString);
            Assert.Equal("a", StringOps.CharAt(ascii, 2999).AsString);
        }
    }

    [Fact]
    public void CompiledCodesCharAtAgreesWithTheRuntimes()
    {
        // JitOps.StringCharAt indexes the last string found free of surrogates directly;
        // every string, index and order of asking gives StringOps.CharAt's answer
        string ascii = new string('a', 40) + "(b)", emoji = "x\U0001F600" + new string('y', 40), latin = new string('\u00e9', 20) + "\u4e2d";
        string[] texts = [ascii, emoji, latin, "short", "s\U0001F600", ""];
        for (int round = 0; round < 3; round++)
        {
            foreach (var s in texts)
            {
                for (long i = -2; i <= s.Length + 1; i++)
                {
                    var expected = StringOps.CharAt(s, i);
                    var got = Sentra.Jit.Emit.JitOps.StringCharAt(s, i);
                    Assert.Equal(expected.IsNil, got.IsNil);
                    if (!expected.IsNil) Assert.Equal(expected.AsString, got.AsString);
                }
            }
        }
        Assert.Equal("\U0001F600", Sentra.Jit.Emit.JitOps.StringCharAt(emoji, 1).AsString);
        Assert.Equal("y", Sentra.Jit.Emit.JitOps.StringCharAt(emoji, 2).AsString);
        Assert.Equal("\u4e2d", Sentra.Jit.Emit.JitOps.StringCharAt(latin, 20).AsString);
        Assert.True(Sentra.Jit.Emit.JitOps.StringCharAt(ascii, ascii.Length).IsNil);
    }
}
