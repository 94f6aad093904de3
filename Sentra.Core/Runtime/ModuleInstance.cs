using Sentra.Bytecode;

namespace Sentra.Runtime;

/// <summary>
/// One run of a module (or the main script): its global slots and exports. Globals are an
/// array indexed by the slot numbers the compiler assigned; slots 0..N-1 hold the builtins.
/// </summary>
public sealed class ModuleInstance : SentraModule
{
    public readonly string? Path;
    public readonly CompiledScript Script;
    public readonly Value[] Globals;

    public ModuleInstance(string name, string? path, CompiledScript script) : base(name)
    {
        Path = path;
        Script = script;
        Globals = script.CreateGlobals();
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
