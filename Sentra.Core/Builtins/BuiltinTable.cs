using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>Collects builtins while the registry is built.</summary>
public sealed class BuiltinTable
{
    internal readonly List<BuiltinFunction> Functions = [];
    internal readonly Dictionary<string, BuiltinFunction> ByName = new(StringComparer.Ordinal);

    /// <summary>Registers a global builtin. maxArity -1 = no upper bound.</summary>
    public BuiltinFunction Add(string name, int minArity, int maxArity, BuiltinFn fn)
    {
        var f = new BuiltinFunction(name, minArity, maxArity, fn);
        if (!ByName.TryAdd(name, f)) throw new InvalidOperationException($"builtin '{name}' registered twice");
        Functions.Add(f);
        return f;
    }

    /// <summary>Registers another global name for an existing builtin (a separate function value with the same code, reporting errors under the alias).</summary>
    public void Alias(string alias, string target)
    {
        var t = ByName[target];
        var f = new BuiltinFunction(alias, t.MinArity, t.MaxArity, t.Fn);
        if (!ByName.TryAdd(alias, f)) throw new InvalidOperationException($"builtin '{alias}' registered twice");
        Functions.Add(f);
    }

    /// <summary>The builtin registered under <paramref name="name"/> (throws if there is none).</summary>
    public BuiltinFunction Get(string name) => ByName[name];
}
