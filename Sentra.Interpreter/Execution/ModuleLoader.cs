using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Compilation;
using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>Loads and caches modules for one interpreter run.</summary>
internal sealed class ModuleLoader
{
    private readonly Interpreter _interp;
    private readonly IModuleResolver? _resolver;
    private readonly Dictionary<string, SentraModule> _cache = new(StringComparer.Ordinal);

    public ModuleLoader(Interpreter interp, IModuleResolver? resolver)
    {
        _interp = interp;
        _resolver = resolver;
    }

    public void RegisterMain(ModuleInstance main)
    {
        _cache.Clear();
        if (main.Path is not null)
        {
            try { _cache[Path.GetFullPath(main.Path)] = main; }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { }
        }
    }

    public SentraModule Import(string path, string importingFile)
    {
        if (BuiltinRegistry.Module(path) is { } native) return native;
        if (_resolver is null)
            return Throw.Error<SentraModule>($"import error: module not found: {path} (only built-in modules can be imported: the host set no module resolver, EngineOptions.ModuleResolver)");
        var found = _resolver.Resolve(path, importingFile);
        if (found is null) return Throw.Error<SentraModule>($"import error: module not found: {path}");
        var (key, file, source) = found.Value;
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var cancellation = _interp.Options.Limits.CancellationToken;
        CompiledScript script;
        try
        {
            script = Compiler.Compile(source, file, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // as when the run is cancelled between two steps: the script cannot catch it
            throw new SentraLimitException(LimitKind.Cancelled);
        }
        var module = new ModuleInstance(path, key, script);
        // registered before its body runs: a circular import sees a partly initialised module
        _cache[key] = module;
        _interp.RunModule(module);
        return module;
    }
}
