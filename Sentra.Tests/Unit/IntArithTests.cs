using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>Overflow-checked int arithmetic against a 128-bit reference.</summary>
public sealed class IntArithTests
{
    private static readonly long[] s_edges =
    [
        0, 1, -1, 2, -2, 3, 7, -7, 1000003, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, (long)int.MinValue - 1,
        uint.MaxValue, -(long)uint.MaxValue, 3037000499, 3037000500, -3037000499, -3037000500,
        1L << 32, 1L << 62, -(1L << 62), long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1,
    ];

    [Fact]
    public void MultiplicationOverflowsExactlyWhenTheProductLeavesInt64()
    {
        var random = new Random(20261129);
        var values = new List<long>(s_edges);
        for (int i = 0; i < 300; i++)
        {
            // magnitudes spread over every bit width, both signs
            long v = random.NextInt64() >> random.Next(0, 63);
            values.Add(random.Next(2) == 0 ? v : -v);
        }
        foreach (long x in values)
        {
            foreach (long y in values)
            {
                Int128 exact = (Int128)x * y;
                bool fits = exact >= long.MinValue && exact <= long.MaxValue;
                Assert.Equal(fits, IntArith.TryMul(x, y, out long r));
                if (fits) Assert.Equal((long)exact, r);
            }
        }
    }
}
