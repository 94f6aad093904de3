namespace Sentra.Runtime;

/// <summary>Base of every heap-allocated Sentra value other than strings.</summary>
public abstract class SentraObject
{
    /// <summary>The kind <c>type()</c> reports.</summary>
    public abstract ValueKind Kind { get; }
}
