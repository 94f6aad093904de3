using Sentra.Bytecode;
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
    public static CompiledScript Compile(string source, string file, CancellationToken cancellation = default) =>
        Compile(source, file, null, false, cancellation);

    /// <summary>
    /// Compiles one more piece of a session (a REPL input) against the global layout of the
    /// piece before it: every global of <paramref name="previous"/> keeps its slot, new names
    /// get the next slots and its constants stay constant, so the new code and the functions
    /// of earlier pieces share one global array (ModuleInstance's shared-globals constructor).
    /// </summary>
    /// <param name="source">The new piece's text.</param>
    /// <param name="file">The file name errors report.</param>
    /// <param name="previous">The piece compiled before, or null for the first one.</param>
    /// <param name="returnLastExpression">
    /// Whether a last top-level statement that is an expression returns its value (what a REPL
    /// echoes) instead of discarding it.
    /// </param>
    /// <param name="cancellation">As for <see cref="Compile(string, string, CancellationToken)"/>.</param>
    public static CompiledScript Compile(string source, string file, CompiledScript? previous, bool returnLastExpression, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var poll = new CancellationPoll(cancellation);
        var script = Parser.ParseScript(source, file, poll, cancellation);
        if (returnLastExpression && script.Body.Count > 0 && script.Body[^1] is ExprStmt last)
            script.Body[^1] = new ReturnStmt { Value = last.Expr, Line = last.Line, Column = last.Column };
        var resolver = new Resolver(file, source, poll);
        if (previous is not null) resolver.AddGlobalConsts(previous.GlobalConsts);
        resolver.ResolveScript(script);
        var globals = new GlobalTable();
        if (previous is not null)
        {
            foreach (var name in previous.GlobalNames) globals.SlotOf(name);
        }
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
            GlobalConsts = resolver.GlobalConsts,
        };
    }
}
