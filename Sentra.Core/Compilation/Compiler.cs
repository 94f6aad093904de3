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
