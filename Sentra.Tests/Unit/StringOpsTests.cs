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
}
