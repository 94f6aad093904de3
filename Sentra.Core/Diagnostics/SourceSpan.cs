namespace Sentra;

/// <summary>A position in a source file (1-based line and column).</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    /// <summary><c>file:line:column</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
