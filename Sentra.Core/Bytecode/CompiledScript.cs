using Sentra.Runtime;

namespace Sentra.Bytecode;

/// <summary>A compiled script or module: the top-level function and its global-slot layout.</summary>
public sealed class CompiledScript
{
    /// <summary>The top-level code of the script.</summary>
    public required FunctionProto Main { get; init; }
    /// <summary>Name of every global slot; slots [0, BuiltinCount) are the builtins.</summary>
    public required string[] GlobalNames { get; init; }
    /// <summary>Exported name -> global slot.</summary>
    public required IReadOnlyDictionary<string, int> Exports { get; init; }
    /// <summary>The file name errors and stack traces report.</summary>
    public required string File { get; init; }
    /// <summary>The source text it was compiled from (for error carets).</summary>
    public required string Source { get; init; }
    /// <summary>Names of the global constants (a session's next piece keeps them constant).</summary>
    public IReadOnlySet<string> GlobalConsts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A fresh global array: builtins in their slots, everything else undefined.</summary>
    public Value[] CreateGlobals()
    {
        var g = new Value[GlobalNames.Length];
        var builtins = Builtins.BuiltinRegistry.Globals;
        for (int i = 0; i < g.Length; i++) g[i] = i < builtins.Length ? builtins[i] : Value.Undefined;
        return g;
    }
}
