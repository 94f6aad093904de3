using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>Argument conversions shared by builtins (SPEC 4.1).</summary>
public static class Args
{
    /// <summary>"string" parameters accept any value and convert it with str().</summary>
    public static string Str(ReadOnlySpan<Value> args, int i) => ValueFormatter.ToDisplayString(args[i]);

    /// <summary>A "number" parameter: error '&lt;name&gt; expects number' otherwise.</summary>
    public static double Number(string name, ReadOnlySpan<Value> args, int i)
    {
        var v = args[i];
        if (v.IsInt) return v.AsIntUnchecked;
        if (v.IsFloat) return v.AsFloatUnchecked;
        return Throw.Error<double>($"{name} expects number");
    }

    /// <summary>An integer-ish parameter: ints as is, floats truncated.</summary>
    public static long Int(string name, ReadOnlySpan<Value> args, int i)
    {
        var v = args[i];
        if (v.IsInt) return v.AsIntUnchecked;
        if (v.IsFloat)
        {
            double d = Math.Truncate(v.AsFloatUnchecked);
            if (double.IsNaN(d)) return 0;
            if (d >= long.MaxValue) return long.MaxValue;
            if (d <= long.MinValue) return long.MinValue;
            return (long)d;
        }
        return Throw.Error<long>($"{name} expects number");
    }

    /// <summary>The array argument at <paramref name="i"/>; raises <paramref name="message"/> if it is anything else.</summary>
    public static SentraArray Array(ReadOnlySpan<Value> args, int i, string message)
    {
        if (Exact.As<SentraArray>(args[i].RawObj) is { } a) return a;
        return Throw.Error<SentraArray>(message);
    }

    /// <summary>The map argument at <paramref name="i"/>; raises <paramref name="message"/> if it is anything else.</summary>
    public static SentraMap Map(ReadOnlySpan<Value> args, int i, string message)
    {
        if (Exact.As<SentraMap>(args[i].RawObj) is { } m) return m;
        return Throw.Error<SentraMap>(message);
    }
}
