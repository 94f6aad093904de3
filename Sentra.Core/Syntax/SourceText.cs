namespace Sentra.Syntax;

/// <summary>Line lookup for error messages.</summary>
public sealed class SourceText
{
    private readonly string _src;
    private int[]? _lineStarts;

    /// <summary>Line lookup over <paramref name="src"/>; the line index is built on first use.</summary>
    public SourceText(string src) => _src = src;

    /// <summary>The text of line <paramref name="line"/> (1-based) without its line break; empty when out of range.</summary>
    public string Line(int line)
    {
        _lineStarts ??= ComputeLineStarts();
        if (line < 1 || line > _lineStarts.Length) return "";
        int start = _lineStarts[line - 1];
        int end = _src.IndexOf('\n', start);
        if (end < 0) end = _src.Length;
        return _src[start..end].TrimEnd('\r');
    }

    private int[] ComputeLineStarts()
    {
        var list = new List<int> { 0 };
        for (int i = 0; i < _src.Length; i++) if (_src[i] == '\n') list.Add(i + 1);
        return list.ToArray();
    }
}
