// SPEC 4.2.6 math builtins. "Int-preserving" (SPEC 4.1): the result is an int when every
// numeric input is an int and the exact result fits int64, else a float. floor/ceil/round
// return an int whenever the result is finite and fits int64. Non-numbers → "<name> expects number".
using System.Runtime.CompilerServices;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>Math builtins (SPEC 4.2.6) and the math module's log/exp.</summary>
internal static class MathBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("abs", 1, 1, Abs);
        t.Add("sqrt", 1, 1, static (_, a) => Args.TryNumber(a, 0, out double x) ? Value.FromFloat(Math.Sqrt(x)) : Args.ExpectsNumber("sqrt"));
        t.Add("floor", 1, 1, Floor);
        t.Add("ceil", 1, 1, Ceil);
        t.Add("round", 1, 1, Round);
        t.Add("pow", 2, 2, Pow);
        t.Add("min", 2, -1, Min);
        t.Add("max", 2, -1, Max);
        t.Add("sin", 1, 1, static (_, a) => Args.TryNumber(a, 0, out double x) ? Value.FromFloat(Math.Sin(x)) : Args.ExpectsNumber("sin"));
        t.Add("cos", 1, 1, static (_, a) => Args.TryNumber(a, 0, out double x) ? Value.FromFloat(Math.Cos(x)) : Args.ExpectsNumber("cos"));
        t.Add("tan", 1, 1, static (_, a) => Args.TryNumber(a, 0, out double x) ? Value.FromFloat(Math.Tan(x)) : Args.ExpectsNumber("tan"));
        t.Add("random", 0, 0, static (rt, _) => Value.FromFloat(rt.Random.NextDouble()));
        t.Add("randint", 2, 2, RandInt);
        t.Alias("random_int", "randint");
    }

    /// <summary>math.log: natural logarithm (module member only; the global log prints).</summary>
    internal static BuiltinFunction CreateNaturalLog() =>
        new("log", 1, 1, static (_, a) => Args.TryNumber(a, 0, out double x) ? Value.FromFloat(Math.Log(x)) : Args.ExpectsNumber("log"));

    /// <summary>math.exp.</summary>
    internal static BuiltinFunction CreateExp() =>
        new("exp", 1, 1, static (_, a) => Args.TryNumber(a, 0, out double x) ? Value.FromFloat(Math.Exp(x)) : Args.ExpectsNumber("exp"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Value NotNumber(string name) => BuiltinError.Of($"{name} expects number");

    private static Value Abs(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsInt)
        {
            long x = v.AsIntUnchecked;
            if (x >= 0) return v;
            return x == long.MinValue ? Value.FromFloat(9223372036854775808.0) : Value.FromInt(-x);
        }
        if (v.IsFloat) return Value.FromFloat(Math.Abs(v.AsFloatUnchecked));
        return NotNumber("abs");
    }

    /// <summary>An integral double as an int when it fits int64 (NaN and ±Inf stay floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value IntIfFits(double d) =>
        d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? Value.FromInt((long)d) : Value.FromFloat(d);

    private static Value Floor(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsInt) return v;
        if (v.IsFloat) return IntIfFits(Math.Floor(v.AsFloatUnchecked));
        return NotNumber("floor");
    }

    private static Value Ceil(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsInt) return v;
        if (v.IsFloat) return IntIfFits(Math.Ceiling(v.AsFloatUnchecked));
        return NotNumber("ceil");
    }

    /// <summary>Half away from zero, like Go math.Round.</summary>
    private static Value Round(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsInt) return v;
        if (v.IsFloat) return IntIfFits(Math.Round(v.AsFloatUnchecked, MidpointRounding.AwayFromZero));
        return NotNumber("round");
    }

    /// <summary>Int when a is an int, b a non-negative int and the power fits int64; else Go math.Pow.</summary>
    private static Value Pow(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var x = a[0];
        var y = a[1];
        if (x.IsInt && y.IsInt && y.AsIntUnchecked >= 0 && TryIntPow(x.AsIntUnchecked, y.AsIntUnchecked, out long r)) return Value.FromInt(r);
        if (!Args.TryNumber(a, 0, out double fx) || !Args.TryNumber(a, 1, out double fy)) return Args.ExpectsNumber("pow");
        return Value.FromFloat(Math.Pow(fx, fy));
    }

    private static bool TryIntPow(long b, long e, out long result)
    {
        result = 1;
        if (e == 0) return true;
        if (b == 0 || b == 1) { result = b; return true; }
        if (b == -1) { result = (e & 1) == 0 ? 1 : -1; return true; }
        if (e >= 64) return false; // |b| >= 2: 2^64 does not fit
        // overflow-checked long products (Int128 operators, used before, are not precompiled)
        long acc = 1;
        for (long i = 0; i < e; i++)
        {
            if (!IntArith.TryMul(acc, b, out acc)) return false;
        }
        result = acc;
        return true;
    }

    private static Value Min(IRuntime rt, ReadOnlySpan<Value> a) => Extreme(a, "min", isMax: false);
    private static Value Max(IRuntime rt, ReadOnlySpan<Value> a) => Extreme(a, "max", isMax: true);

    /// <summary>min/max of 2+ numbers: int when all are ints, else float (NaN propagates, like Go).</summary>
    private static Value Extreme(ReadOnlySpan<Value> a, string name, bool isMax)
    {
        bool allInt = true;
        foreach (var v in a)
        {
            if (!v.IsNumber) return NotNumber(name);
            allInt &= v.IsInt;
        }
        if (allInt)
        {
            long best = a[0].AsIntUnchecked;
            for (int i = 1; i < a.Length; i++)
            {
                long x = a[i].AsIntUnchecked;
                if (isMax ? x > best : x < best) best = x;
            }
            return Value.FromInt(best);
        }
        double d = a[0].ToDouble();
        for (int i = 1; i < a.Length; i++)
            d = isMax ? Math.Max(d, a[i].ToDouble()) : Math.Min(d, a[i].ToDouble());
        return Value.FromFloat(d);
    }

    /// <summary>Uniform in [lo, hi); lo when hi &lt;= lo.</summary>
    private static Value RandInt(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 0, out long lo) || !Args.TryInt(a, 1, out long hi)) return Args.ExpectsNumber("randint");
        if (hi <= lo) return Value.FromInt(lo);
        return Value.FromInt(rt.Random.NextInt64(lo, hi));
    }
}
