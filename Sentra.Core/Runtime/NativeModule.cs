namespace Sentra.Runtime;

/// <summary>A built-in module (math, string, ...): a fixed table of members.</summary>
public sealed class NativeModule(string name, IReadOnlyDictionary<string, Value> members) : SentraModule(name)
{
    /// <summary>The module's members by name.</summary>
    public IReadOnlyDictionary<string, Value> Members { get; } = members;
    /// <inheritdoc/>
    public override Value GetExport(string name) => Members.TryGetValue(name, out var v) ? v : default;
}
