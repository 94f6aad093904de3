namespace Sentra;

/// <summary>One line of a Sentra stack trace.</summary>
/// <param name="Function">The function's name (<c>&lt;script&gt;</c> for a top level).</param>
/// <param name="File">The file the function was compiled from.</param>
/// <param name="Line">The line of the operation that was running (1-based).</param>
/// <param name="Column">Its column in code points (1-based; 0 where unknown). Not printed in traces (SPEC 3.12).</param>
public readonly record struct StackFrameInfo(string Function, string File, int Line, int Column = 0)
{
    /// <summary>The trace line SPEC 3.12 prints: <c>  at f (file:line)</c>.</summary>
    public override string ToString() => $"  at {Function} ({File}:{Line})";
}
