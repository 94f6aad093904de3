namespace Sentra.Runtime;

/// <summary>Base of every heap-allocated Sentra value other than strings.</summary>
public abstract class SentraObject
{
    public abstract ValueKind Kind { get; }
}
