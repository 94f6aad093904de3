using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>
/// A runtime error a builtin returns instead of throwing: the value a <see cref="BuiltinFn"/>
/// returns to raise a catchable error with <see cref="Message"/> (<see cref="Of"/>). Throwing
/// a .NET exception costs microseconds; returning this costs one allocation, and the caller
/// tests the result's reference type after the call (one compare when there is no error).
/// Every caller of <see cref="BuiltinFunction.Fn"/> raises it: the interpreter routes it to
/// the script's handler like the errors its own slow paths report, compiled code and
/// <see cref="BuiltinFunction.Invoke"/> throw it as a <see cref="SentraRuntimeException"/>
/// with the same message. Never a value a script sees.
/// </summary>
public sealed class BuiltinError : SentraObject
{
    private BuiltinError(string message) => Message = message;

    /// <summary>The error's message (what the script's <c>catch</c> receives).</summary>
    public string Message { get; }

    /// <summary>Never a value a script sees.</summary>
    public override ValueKind Kind => ValueKind.Undefined;

    /// <summary>
    /// The value a builtin returns to raise a runtime error with <paramref name="message"/>.
    /// Out of line, so that a builtin's error branches stay small.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value Of(string message) => Value.FromObject(new BuiltinError(message));

    /// <summary>Whether <paramref name="result"/> (a builtin's result) is an error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is(in Value result) => Exact.Is<BuiltinError>(result.RawObj);

    /// <summary>The error as the exception the other paths throw.</summary>
    public SentraRuntimeException ToException() => new(Message);

    /// <summary>Throws the error <paramref name="result"/> holds (a builtin's result that <see cref="Is"/> an error).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value Raise(Value result) => throw ((BuiltinError)result.RawObj!).ToException();
}
