namespace Sentra.Runtime;

/// <summary>Base of every heap-allocated Sentra value other than strings.</summary>
public abstract class SentraObject
{
    public abstract ValueKind Kind { get; }
}

/// <summary>Anything that can be called: user closures and builtins.</summary>
public abstract class SentraCallable : SentraObject
{
    public sealed override ValueKind Kind => ValueKind.Function;
    public abstract string Name { get; }
}
