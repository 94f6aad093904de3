namespace Sentra.Runtime;

/// <summary>
/// An error in flight through a <c>finally</c> block: the handler stores it in a hidden local
/// and the <c>Throw</c> at the end of the finally code re-raises the very same exception, so
/// an implementation error stays an implementation error and keeps its stack trace.
/// Never visible to scripts.
/// </summary>
public sealed class PendingError(SentraRuntimeException error) : SentraObject
{
    /// <summary>The error to re-raise.</summary>
    public SentraRuntimeException Error { get; } = error;
    /// <summary>Never a value a script sees.</summary>
    public override ValueKind Kind => ValueKind.Undefined;
}
