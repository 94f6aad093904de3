using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Compilation;
using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>Finds module source for an import path (SPEC 3.13); hosts may replace it.</summary>
public interface IModuleResolver
{
    /// <summary>Returns (canonical key, display file name, source) or null when not found.</summary>
    (string Key, string File, string Source)? Resolve(string path, string importingFile);
}

/// <summary>SPEC 3.13 resolution on the file system.</summary>
public sealed class FileModuleResolver : IModuleResolver
{
    private readonly string? _mainDir;

    public FileModuleResolver(string? mainScriptPath = null)
    {
        _mainDir = mainScriptPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(mainScriptPath));
    }

    public (string Key, string File, string Source)? Resolve(string path, string importingFile)
    {
        foreach (var candidate in Candidates(path, importingFile))
        {
            try
            {
                if (File.Exists(candidate))
                {
                    var full = Path.GetFullPath(candidate);
                    return (full, candidate, File.ReadAllText(full));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // unreadable candidates count as absent
            }
        }
        return null;
    }

    private IEnumerable<string> Candidates(string p, string importingFile)
    {
        bool hasExt = p.EndsWith(".sn", StringComparison.Ordinal);
        if (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal))
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(importingFile)) ?? ".";
            if (!hasExt) yield return Path.Combine(dir, p + ".sn");
            yield return Path.Combine(dir, p);
            yield break;
        }
        var dirs = new List<string>();
        if (_mainDir is not null) dirs.Add(_mainDir);
        dirs.Add(Directory.GetCurrentDirectory());
        if (_mainDir is not null) dirs.Add(Path.Combine(_mainDir, "lib"));
        foreach (var d in dirs)
        {
            yield return Path.Combine(d, p + ".sn");
            yield return Path.Combine(d, p);
            yield return Path.Combine(d, p, "index.sn");
        }
        yield return p + ".sn";
        yield return p;
    }
}

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
