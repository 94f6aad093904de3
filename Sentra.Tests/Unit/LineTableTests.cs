using Sentra.Bytecode;
using Xunit;

namespace Sentra.Tests.Unit;

public sealed class LineTableTests
{
    /// <summary>The line lookup as it was written before, with the framework's binary search.</summary>
    private static int Reference(int[] pcs, int[] lines, int pc)
    {
        int idx = Array.BinarySearch(pcs, pc);
        if (idx < 0) idx = ~idx - 1;
        if (idx < 0) return lines.Length > 0 ? lines[0] : 0;
        return lines[idx];
    }

    [Fact]
    public void FindsTheSameLinesAsTheFrameworksBinarySearch()
    {
        var random = new Random(11);
        for (int round = 0; round < 200; round++)
        {
            int n = random.Next(0, 40);
            var pcs = new int[n];
            var lines = new int[n];
            for (int i = 0, pc = 0; i < n; i++)
            {
                pc += random.Next(0, 3); // equal pcs too: a line that emitted no code
                pcs[i] = pc;
                lines[i] = i + 1;
            }
            var table = new LineTable(pcs, lines);
            for (int pc = -1; pc <= (n == 0 ? 2 : pcs[^1] + 2); pc++)
                Assert.Equal(Reference(pcs, lines, pc), table.LineOf(pc));
        }
    }
}
