using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Runtime;
using Sentra.Syntax;

namespace Sentra.Compilation;

/// <summary>
/// Compiles source text to a <see cref="CompiledScript"/>: parse, resolve, then emit
/// bytecode per function. Global names (builtins included) are resolved to slots here, once.
/// </summary>
public static class Compiler
{
    /// <summary>Compiles a script or module. Throws <see cref="SentraSyntaxException"/> for syntax and compile-time errors.</summary>
    /// <param name="source">The script's text.</param>
    /// <param name="file">The file name errors and stack traces report.</param>
    /// <param name="cancellation">
    /// Checked before starting and then every thousand or so nodes in every phase, so that a
    /// host's timeout or cancellation also bounds compiling a huge source: throws
    /// <see cref="OperationCanceledException"/>.
    /// </param>
    public static CompiledScript Compile(string source, string file, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var poll = new CancellationPoll(cancellation);
        var script = Parser.ParseScript(source, file, poll, cancellation);
        var resolver = new Resolver(file, source, poll);
        resolver.ResolveScript(script);
        var globals = new GlobalTable();
        var fc = new FunctionCompiler(null, script, globals, file, source, poll);
        var main = fc.CompileFunction();
        var exports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in resolver.Exports) exports[name] = globals.SlotOf(name);
        return new CompiledScript
        {
            Main = main,
            GlobalNames = globals.Names.ToArray(),
            Exports = exports,
            File = file,
            Source = source,
        };
    }
}

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
