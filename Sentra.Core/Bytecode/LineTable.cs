namespace Sentra.Bytecode;

/// <summary>
/// Compact pc-to-position map: parallel arrays of (first pc, line, column), one entry per
/// change of position, decoded by binary search only when an error or trace needs it. The
/// column is that of the operation's token (the operator, the call's parenthesis, the
/// index's bracket, the property's dot), in code points; 0 where the compiler had none.
/// </summary>
public sealed class LineTable
{
    private readonly int[] _pcs;
    private readonly int[] _lines;
    private readonly int[]? _columns;

    /// <summary>A table of parallel arrays: the first pc of each entry (ascending), its line and, optionally, its column.</summary>
    public LineTable(int[] pcs, int[] lines, int[]? columns = null)
    {
        _pcs = pcs;
        _lines = lines;
        _columns = columns;
    }

    /// <summary>The source line of the instruction at <paramref name="pc"/>.</summary>
    public int LineOf(int pc)
    {
        int idx = Search(pc);
        if (idx < 0) idx = ~idx - 1;
        if (idx < 0) return _lines.Length > 0 ? _lines[0] : 0;
        return _lines[idx];
    }

    /// <summary>The source column of the instruction at <paramref name="pc"/> (0: unknown).</summary>
    public int ColumnOf(int pc)
    {
        if (_columns is null || _columns.Length == 0) return 0;
        int idx = Search(pc);
        if (idx < 0) idx = ~idx - 1;
        return idx < 0 ? _columns[0] : _columns[idx];
    }

    /// <summary>The number of entries.</summary>
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
