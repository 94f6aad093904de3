namespace Sentra.Runtime;

/// <summary>Anything that can be called: user closures and builtins.</summary>
public abstract class SentraCallable : SentraObject
{
    public sealed override ValueKind Kind => ValueKind.Function;
    public abstract string Name { get; }
}
