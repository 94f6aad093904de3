using System.Text;
using Sentra.Runtime;

namespace Sentra;

/// <summary>Base of every failure a host sees from Sentra.</summary>
public abstract class SentraException : Exception
{
    protected SentraException(string message) : base(message) { }

    /// <summary>Where the error happened, when known.</summary>
    public SourceSpan? Span { get; protected set; }

    /// <summary>The Sentra call stack at the point of the error, innermost first.</summary>
    public IReadOnlyList<StackFrameInfo> ScriptStackTrace { get; protected set; } = [];

    /// <summary>The text the CLI prints on standard error.</summary>
    public abstract string Render();
}

/// <summary>
/// A Sentra runtime error: either raised by the implementation (the value is the message
/// string) or a value thrown by <c>throw</c>. Catchable by Sentra <c>try</c>.
/// </summary>
public sealed class SentraRuntimeException : SentraException
{
    /// <summary>The value a Sentra <c>catch</c> receives.</summary>
    public Value Payload { get; }
    /// <summary>True for <c>throw v</c>; false for errors raised by the implementation.</summary>
    public bool IsThrownValue { get; }

    public SentraRuntimeException(string message) : base(message)
    {
        Payload = Value.FromString(message);
    }

    public SentraRuntimeException(Value thrown, bool isThrownValue)
        : base(isThrownValue ? "uncaught exception: " + ValueFormatter.ToDisplayString(thrown) : ValueFormatter.ToDisplayString(thrown))
    {
        Payload = thrown;
        IsThrownValue = isThrownValue;
    }

    internal void SetTrace(IReadOnlyList<StackFrameInfo> trace)
    {
        ScriptStackTrace = trace;
        if (trace.Count > 0) Span = new SourceSpan(trace[0].File, trace[0].Line, trace[0].Column);
    }

    /// <summary>The single SPEC 3.12 line, without the stack trace.</summary>
    public string Headline => "Runtime error: " + Message;

    public override string Render()
    {
        var sb = new StringBuilder(Headline);
        foreach (var f in ScriptStackTrace) sb.Append('\n').Append(f.ToString());
        return sb.ToString();
    }
}

/// <summary>A host-set limit (step budget, timeout, cancellation) ended the script.</summary>
public sealed class SentraLimitException : SentraException
{
    public SentraLimitException(string message) : base(message) { }
    public override string Render() => "Runtime error: " + Message;
}
