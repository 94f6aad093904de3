namespace Sentra.Runtime;

/// <summary>A builtin function value (printed <c>&lt;native function&gt;</c>).</summary>
public sealed class BuiltinFunction : SentraCallable
{
    private readonly string _name;
    /// <summary>The fewest arguments accepted.</summary>
    public readonly int MinArity;
    /// <summary>-1 for no upper bound.</summary>
    public readonly int MaxArity;
    /// <summary>
    /// The implementation; callers check the arity first (<see cref="CheckArity"/>) and raise
    /// an error result (<see cref="BuiltinError.Is"/>) themselves. <see cref="Invoke"/> does both.
    /// </summary>
    public readonly BuiltinFn Fn;

    /// <summary>A builtin named <paramref name="name"/> taking <paramref name="minArity"/> to <paramref name="maxArity"/> arguments (-1: no upper bound).</summary>
    public BuiltinFunction(string name, int minArity, int maxArity, BuiltinFn fn)
    {
        _name = name;
        MinArity = minArity;
        MaxArity = maxArity;
        Fn = fn;
    }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <summary>
    /// Calls the builtin with <paramref name="args"/>: the arity is checked, and an error it
    /// returns (<see cref="BuiltinError"/>) is thrown as a <see cref="SentraRuntimeException"/>.
    /// </summary>
    public Value Invoke(IRuntime rt, ReadOnlySpan<Value> args)
    {
        CheckArity(args.Length);
        var r = Fn(rt, args);
        return BuiltinError.Is(r) ? BuiltinError.Raise(r) : r;
    }

    /// <summary>Checks the argument count, raising the SPEC 4.1 arity error.</summary>
    public void CheckArity(int argc)
    {
        if (ArityError(argc) is { } error) throw new SentraRuntimeException(error);
    }

    /// <summary>The SPEC 4.1 arity error for <paramref name="argc"/> arguments, or null when the count is accepted.</summary>
    public string? ArityError(int argc) =>
        argc < MinArity || (MaxArity >= 0 && argc > MaxArity) ? $"function '{_name}' expects {ArityText()} argument(s), got {argc}" : null;

    private string ArityText() =>
        MaxArity < 0 ? $"at least {MinArity}" : MinArity == MaxArity ? MinArity.ToString() : $"{MinArity}-{MaxArity}";
}
