namespace Sentra.Runtime;

/// <summary>A builtin method bound to its receiver (<c>arr.push</c> without a call).</summary>
public sealed class BoundMethod : SentraCallable
{
    public readonly BuiltinFunction Method;
    public readonly Value Receiver;

    public BoundMethod(BuiltinFunction method, Value receiver)
    {
        Method = method;
        Receiver = receiver;
    }

    public override string Name => Method.Name;
}
