namespace Sentra.Bytecode;

/// <summary>
/// Compact pc-to-line map: parallel arrays of (first pc, line), one entry per line change,
/// decoded by binary search only when an error or trace needs it.
/// </summary>
public sealed class LineTable
{
    private readonly int[] _pcs;
    private readonly int[] _lines;

    public LineTable(int[] pcs, int[] lines)
    {
        _pcs = pcs;
        _lines = lines;
    }

    public int LineOf(int pc)
    {
        int idx = Search(pc);
        if (idx < 0) idx = ~idx - 1;
        if (idx < 0) return _lines.Length > 0 ? _lines[0] : 0;
        return _lines[idx];
    }

    public int Count => _pcs.Length;

    /// <summary>
    /// Array.BinarySearch's algorithm, step for step (so equal pcs resolve as before), written
    /// out: the framework's generic sort helper for int is not in the precompiled image, and
    /// every run that raised an error JIT-compiled it.
    /// </summary>
    private int Search(int pc)
    {
        int lo = 0, hi = _pcs.Length - 1;
        while (lo <= hi)
        {
            int i = lo + ((hi - lo) >> 1);
            int c = _pcs[i].CompareTo(pc);
            if (c == 0) return i;
            if (c < 0) lo = i + 1;
            else hi = i - 1;
        }
        return ~lo;
    }
}
