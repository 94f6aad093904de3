namespace Sentra.Runtime;

/// <summary>A builtin method bound to its receiver (<c>arr.push</c> without a call).</summary>
public sealed class BoundMethod : SentraCallable
{
    /// <summary>The builtin, which receives <see cref="Receiver"/> as its first argument.</summary>
    public readonly BuiltinFunction Method;
    /// <summary>The value the method was read from.</summary>
    public readonly Value Receiver;

    /// <summary>Binds <paramref name="method"/> to <paramref name="receiver"/>.</summary>
    public BoundMethod(BuiltinFunction method, Value receiver)
    {
        Method = method;
        Receiver = receiver;
    }

    /// <inheritdoc/>
    public override string Name => Method.Name;
}
