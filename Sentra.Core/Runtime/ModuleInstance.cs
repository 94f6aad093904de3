using Sentra.Bytecode;

namespace Sentra.Runtime;

/// <summary>
/// One run of a module (or the main script): its global slots and exports. Globals are an
/// array indexed by the slot numbers the compiler assigned; slots 0..N-1 hold the builtins.
/// </summary>
public sealed class ModuleInstance : SentraModule
{
    /// <summary>The resolved file path (null for the main script given as text).</summary>
    public readonly string? Path;
    /// <summary>The compiled module.</summary>
    public readonly CompiledScript Script;
    /// <summary>The module's global slots.</summary>
    public readonly Value[] Globals;

    /// <summary>A fresh instance of <paramref name="script"/>: builtins in their slots, every other global unassigned.</summary>
    public ModuleInstance(string name, string? path, CompiledScript script) : base(name)
    {
        Path = path;
        Script = script;
        Globals = script.CreateGlobals();
    }

    /// <summary>
    /// A module that shares <paramref name="globals"/> with the pieces of a session run
    /// before it (a REPL): functions they defined read and write the same slots. The array
    /// must hold at least the script's global slots, extra slots undefined.
    /// </summary>
    public ModuleInstance(string name, string? path, CompiledScript script, Value[] globals) : base(name)
    {
        if (globals.Length < script.GlobalNames.Length)
            throw new ArgumentException($"the shared global array has {globals.Length} slots; the script needs {script.GlobalNames.Length}", nameof(globals));
        Path = path;
        Script = script;
        Globals = globals;
    }

    /// <summary>Reads an exported binding (live), nil when not exported.</summary>
    public override Value GetExport(string name)
    {
        if (Script.Exports.TryGetValue(name, out int slot))
        {
            var v = Globals[slot];
            return v.IsUndefined ? default : v;
        }
        return default;
    }
}
