namespace Sentra.Runtime;

/// <summary>Anything that can be called: user closures and builtins.</summary>
public abstract class SentraCallable : SentraObject
{
    /// <inheritdoc/>
    public sealed override ValueKind Kind => ValueKind.Function;
    /// <summary>The name traces and <c>str()</c> show.</summary>
    public abstract string Name { get; }
}
