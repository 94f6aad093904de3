namespace Sentra;

/// <summary>One line of a Sentra stack trace.</summary>
/// <param name="Function">The function's name (<c>&lt;script&gt;</c> for a top level).</param>
/// <param name="File">The file the function was compiled from.</param>
/// <param name="Line">The line of the operation that was running (1-based).</param>
/// <param name="Column">Its column in code points (1-based; 0 where unknown). Not printed in traces (SPEC 3.12).</param>
public readonly record struct StackFrameInfo(string Function, string File, int Line, int Column = 0)
{
    /// <summary>
    /// The trace line SPEC 3.12 prints: <c>  at f (file:line)</c>; for the frames a deep
    /// trace leaves out, <c>  ... N more frames</c>.
    /// </summary>
    public override string ToString() => IsElision ? $"  {Function}" : $"  at {Function} ({File}:{Line})";

    /// <summary>True for the line that stands for frames left out of a deep trace.</summary>
    public bool IsElision => Line == 0 && File.Length == 0 && Function.StartsWith("...", StringComparison.Ordinal);

    /// <summary>The line that stands for <paramref name="count"/> frames left out of a deep trace.</summary>
    public static StackFrameInfo Elided(int count) => new($"... {count} more frames", "", 0);
}
