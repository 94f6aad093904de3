namespace Sentra;

/// <summary>One line of a Sentra stack trace.</summary>
public readonly record struct StackFrameInfo(string Function, string File, int Line)
{
    public override string ToString() => $"  at {Function} ({File}:{Line})";
}
