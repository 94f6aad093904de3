using Sentra.Builtins;

namespace Sentra.Compilation;

/// <summary>Global name to slot assignment for one script; slots 0..N-1 are the builtins.</summary>
internal sealed class GlobalTable
{
    public readonly List<string> Names = [.. BuiltinRegistry.Names];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    public GlobalTable()
    {
        for (int i = 0; i < Names.Count; i++) _slots[Names[i]] = i;
    }

    /// <summary>Top-level <c>fn</c> declarations of the script: assigned before any of its code runs.</summary>
    public readonly HashSet<string> Hoisted = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the global can never be unassigned while the script's code runs: a builtin
    /// (its slot starts with the builtin) or a hoisted top-level function. Reassignment
    /// keeps it assigned; nothing unassigns a global.
    /// </summary>
    public bool AlwaysAssigned(string name) =>
        Hoisted.Contains(name) || (_slots.TryGetValue(name, out int s) && s < BuiltinRegistry.Globals.Length && !BuiltinRegistry.Globals[s].IsUndefined);

    public int SlotOf(string name)
    {
        if (_slots.TryGetValue(name, out int s)) return s;
        s = Names.Count;
        Names.Add(name);
        _slots[name] = s;
        return s;
    }
}
