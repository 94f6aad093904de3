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
    public static long Int(string name, ReadOnlySpan<Value> args, int i) =>
        TryInt(args, i, out long x) ? x : Throw.Error<long>($"{name} expects number");

    // The Try forms and ExpectsNumber are how builtins check their arguments: the error is
    // returned (BuiltinError), so a script that catches it pays no .NET exception.

    /// <summary>A "number" parameter into <paramref name="x"/>; false for any other kind (then return <see cref="ExpectsNumber"/>).</summary>
    public static bool TryNumber(ReadOnlySpan<Value> args, int i, out double x)
    {
        var v = args[i];
        if (v.IsFloat)
        {
            x = v.AsFloatUnchecked;
            return true;
        }
        if (v.IsInt)
        {
            x = v.AsIntUnchecked;
            return true;
        }
        x = 0;
        return false;
    }

    /// <summary>An integer-ish parameter into <paramref name="x"/> (ints as is, floats truncated); false for any other kind (then return <see cref="ExpectsNumber"/>).</summary>
    public static bool TryInt(ReadOnlySpan<Value> args, int i, out long x)
    {
        var v = args[i];
        if (v.IsInt)
        {
            x = v.AsIntUnchecked;
            return true;
        }
        if (v.IsFloat)
        {
            double d = Math.Truncate(v.AsFloatUnchecked);
            x = double.IsNaN(d) ? 0 : d >= long.MaxValue ? long.MaxValue : d <= long.MinValue ? long.MinValue : (long)d;
            return true;
        }
        x = 0;
        return false;
    }

    /// <summary>The error '&lt;name&gt; expects number', returned by a builtin (<see cref="BuiltinError"/>).</summary>
    public static Value ExpectsNumber(string name) => BuiltinError.Of(name + " expects number");

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
