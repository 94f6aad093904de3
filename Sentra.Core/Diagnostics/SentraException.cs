using System.Text;
using Sentra.Runtime;

namespace Sentra;

/// <summary>Base of every failure a host sees from Sentra.</summary>
public abstract class SentraException : Exception
{
    protected SentraException(string message) : base(message) { }

    /// <summary>A failure caused by a .NET exception (a host function's), kept as <see cref="Exception.InnerException"/>.</summary>
    protected SentraException(string message, Exception? innerException) : base(message, innerException) { }

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

    /// <summary>
    /// An error raised by a .NET exception, typically one a host function threw: scripts
    /// catch its message, and a host that catches this sees the original as
    /// <see cref="Exception.InnerException"/>.
    /// </summary>
    public SentraRuntimeException(string message, Exception? innerException) : base(message, innerException)
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

/// <summary>Which limit ended a run.</summary>
public enum LimitKind
{
    /// <summary>A limit without a kind of its own.</summary>
    Other,
    /// <summary><c>ExecutionLimits.MaxSteps</c>.</summary>
    StepBudget,
    /// <summary><c>ExecutionLimits.Timeout</c>.</summary>
    Timeout,
    /// <summary><c>ExecutionLimits.CancellationToken</c>.</summary>
    Cancelled,
    /// <summary><c>ExecutionLimits.MaxMemory</c>.</summary>
    MemoryBudget,
    /// <summary>.NET could not allocate (the process's memory is exhausted).</summary>
    OutOfMemory,
}

/// <summary>
/// A limit (step budget, timeout, cancellation, memory) ended the script. The script cannot
/// catch it; the engine is ready for the next run.
/// </summary>
public class SentraLimitException : SentraException
{
    public SentraLimitException(string message) : base(message) { }

    public SentraLimitException(LimitKind kind) : base(MessageOf(kind)) => Kind = kind;

    /// <summary>Which limit was reached.</summary>
    public LimitKind Kind { get; }

    private static string MessageOf(LimitKind kind) => kind switch
    {
        LimitKind.StepBudget => "step budget exhausted",
        LimitKind.Timeout => "timeout",
        LimitKind.Cancelled => "script cancelled",
        LimitKind.MemoryBudget => "memory limit exceeded",
        LimitKind.OutOfMemory => "out of memory",
        _ => "limit reached",
    };

    public override string Render() => "Runtime error: " + Message;
}

/// <summary>
/// The script called <c>os.exit(code)</c>. Like a limit, it ends the whole run and no script
/// can catch it; the host decides what the code means (the CLI exits the process with it).
/// </summary>
public sealed class SentraExitException : SentraLimitException
{
    public SentraExitException(int code) : base($"exit {code}") => Code = code;
    /// <summary>The exit code the script asked for (0-255).</summary>
    public int Code { get; }
}
