namespace Sentra.Runtime;

/// <summary>A module value: <c>type()</c> is "module", members are read with <c>m.name</c>.</summary>
public abstract class SentraModule(string name) : SentraObject
{
    /// <summary>The name it was imported under.</summary>
    public readonly string Name = name;
    /// <inheritdoc/>
    public sealed override ValueKind Kind => ValueKind.Module;
    /// <summary>The member's current value, nil when absent.</summary>
    public abstract Value GetExport(string name);
}
