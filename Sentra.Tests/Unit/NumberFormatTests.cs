using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

public sealed class NumberFormatTests
{
    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(3.5, "3.5")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(123456.0, "123456")]
    [InlineData(999999.0, "999999")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(2.5e-05, "2.5e-05")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(9.223372036854776e18, "9.223372036854776e+18")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(100.5, "100.5")]
    [InlineData(14.285714285714286, "14.285714285714286")]
    [InlineData(1.23456789e9, "1.23456789e+09")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void GoPercentG(double value, string expected) => Assert.Equal(expected, NumberFormat.FormatGo(value));

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(2.5, "2.5")]
    [InlineData(1000000.0, "1000000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    public void JsonFloats(double value, string expected) => Assert.Equal(expected, NumberFormat.FormatJson(value));

    [Fact]
    public void FormattingAllocatesOnlyTheResult()
    {
        // str() of floats runs in scripts' loops; it must not build intermediate strings
        NumberFormat.FormatGo(1.5);
        NumberFormat.FormatJson(1.5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long results = 0;
        for (int i = 1; i <= 100; i++)
        {
            results += StringSize(NumberFormat.FormatGo(i * 1.0000001));   // fixed notation
            results += StringSize(NumberFormat.FormatJson(i * 1e-7 / 3));  // exponent form
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 1, results);
    }

    /// <summary>Heap size of a string: header, method table, length, UTF-16 chars and terminator, 8-aligned.</summary>
    private static long StringSize(string s) => (22 + 2L * s.Length + 7) & ~7L;
}
