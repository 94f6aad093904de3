using System.Runtime.CompilerServices;
using System.Text;

namespace Sentra.Runtime;

/// <summary>
/// The SPEC semantics of operators on values: the complete (slow) paths. The interpreter
/// inlines int/float fast paths and calls these for everything else; the JIT calls them too.
/// </summary>
public static class ValueOps
{
    // ---- arithmetic (SPEC 3.2, 3.6) -------------------------------------------------------

    public static Value Add(Value a, Value b)
    {
        var r = Add(a, b, out string? error);
        return error is null ? r : Throw.Value(error);
    }

    public static Value Add(Value a, Value b, out string? error)
    {
        error = null;
        if (a.IsInt && b.IsInt)
        {
            long x = a.AsIntUnchecked, y = b.AsIntUnchecked;
            if (!IntArith.TryAdd(x, y, out long r)) return Value.FromFloat((double)x + y);
            return Value.FromInt(r);
        }
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.ToDouble() + b.ToDouble());
        if (a.IsString || b.IsString) return Concat(a, b);
        return Fail($"cannot add {a.TypeName} and {b.TypeName}", out error);
    }

    /// <summary>
    /// str(a) + str(b). A long result is a string being built (BuiltString.cs): appending to
    /// it again writes in place, so a loop of <c>s = s + x</c> is linear wherever s is held.
    /// </summary>
    public static Value Concat(Value a, Value b)
    {
        var tb = b.IsString ? StringOps.Span(b) : ValueFormatter.ToDisplayString(b).AsSpan();
        if (Exact.As<BuiltString>(a.RawObj) is { } built) return built.Append((int)a.RawBits, tb);
        string sa = Exact.As<string>(a.RawObj) ?? ValueFormatter.ToDisplayString(a);
        return BuiltString.Concat(sa, tb);
    }

    public static Value Sub(Value a, Value b)
    {
        var r = Sub(a, b, out string? error);
        return error is null ? r : Throw.Value(error);
    }

    public static Value Sub(Value a, Value b, out string? error)
    {
        error = null;
        if (a.IsInt && b.IsInt)
        {
            long x = a.AsIntUnchecked, y = b.AsIntUnchecked;
            if (!IntArith.TrySub(x, y, out long r)) return Value.FromFloat((double)x - y);
            return Value.FromInt(r);
        }
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.ToDouble() - b.ToDouble());
        return Fail($"cannot subtract {a.TypeName} and {b.TypeName}", out error);
    }

    public static Value Mul(Value a, Value b)
    {
        var r = Mul(a, b, out string? error);
        return error is null ? r : Throw.Value(error);
    }

    public static Value Mul(Value a, Value b, out string? error)
    {
        error = null;
        if (a.IsInt && b.IsInt)
        {
            long x = a.AsIntUnchecked, y = b.AsIntUnchecked;
            if (IntArith.TryMul(x, y, out long lo)) return Value.FromInt(lo);
            return Value.FromFloat((double)x * y);
        }
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.ToDouble() * b.ToDouble());
        if (a.IsString && b.IsNumber) return Repeat(a.AsStringUnchecked, b);
        if (b.IsString && a.IsNumber) return Repeat(b.AsStringUnchecked, a);
        return Fail($"cannot multiply {a.TypeName} and {b.TypeName}", out error);
    }

    private static Value Repeat(string s, Value count)
    {
        double n = count.IsInt ? count.AsIntUnchecked : Math.Truncate(count.AsFloatUnchecked);
        if (!(n > 0) || s.Length == 0) return Value.FromString("");
        if (n * s.Length > Limits.MaxStringLength) Throw.Error("string too large");
        int k = (int)n;
        RunBudget.Reserve((long)s.Length * k * sizeof(char) * 2); // the builder and the string
        var sb = new StringBuilder(s.Length * k);
        for (int i = 0; i < k; i++) sb.Append(s);
        return Value.FromString(sb.ToString());
    }

    public static Value Div(Value a, Value b)
    {
        var r = Div(a, b, out string? error);
        return error is null ? r : Throw.Value(error);
    }

    /// <summary>
    /// a / b, or default with the message of the SPEC error it raises in
    /// <paramref name="error"/> (for callers that raise it without a .NET exception: the
    /// interpreter's loop). Likewise the other overloads with an <c>error</c> parameter.
    /// </summary>
    public static Value Div(Value a, Value b, out string? error)
    {
        error = null;
        if (a.IsNumber && b.IsNumber)
        {
            double y = b.ToDouble();
            if (y == 0) return Fail("division by zero", out error);
            return Value.FromFloat(a.ToDouble() / y);
        }
        return Fail($"cannot divide {a.TypeName} and {b.TypeName}", out error);
    }

    public static Value Mod(Value a, Value b)
    {
        var r = Mod(a, b, out string? error);
        return error is null ? r : Throw.Value(error);
    }

    public static Value Mod(Value a, Value b, out string? error)
    {
        error = null;
        if (a.IsInt && b.IsInt)
        {
            long y = b.AsIntUnchecked;
            if (y == 0) return Fail("modulo by zero", out error);
            if (y == -1) return Value.FromInt(0);
            return Value.FromInt(a.AsIntUnchecked % y);
        }
        if (a.IsNumber && b.IsNumber)
        {
            double y = b.ToDouble();
            if (y == 0) return Fail("modulo by zero", out error);
            return Value.FromFloat(FMod(a.ToDouble(), y));
        }
        return Fail($"cannot modulo {a.TypeName} and {b.TypeName}", out error);
    }

    private static Value Fail(string message, out string? error)
    {
        error = message;
        return default;
    }

    /// <summary>C fmod / Go math.Mod: the result has the sign of the dividend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FMod(double x, double y) => x % y;

    public static Value Negate(Value a)
    {
        var r = Negate(a, out string? error);
        return error is null ? r : Throw.Value(error);
    }

    public static Value Negate(Value a, out string? error)
    {
        error = null;
        if (a.IsInt)
        {
            long x = a.AsIntUnchecked;
            return x == long.MinValue ? Value.FromFloat(-(double)x) : Value.FromInt(-x);
        }
        if (a.IsFloat) return Value.FromFloat(-a.AsFloatUnchecked);
        return Fail($"cannot negate {a.TypeName}", out error);
    }

    // ---- comparison (SPEC 3.5) -------------------------------------------------------------

    /// <summary>Ordering: returns -1, 0, 1, or 2 for "unordered" (NaN).</summary>
    public static int Compare(Value a, Value b)
    {
        int c = Compare(a, b, out string? error);
        if (error is not null) Throw.Error(error);
        return c;
    }

    /// <summary>Compare, with the error "cannot compare" as a message (the result is then 0).</summary>
    public static int Compare(Value a, Value b, out string? error)
    {
        error = null;
        if (a.IsInt && b.IsInt) return a.AsIntUnchecked.CompareTo(b.AsIntUnchecked);
        if (Exact.As<string>(a.RawObj) is { } s1 && Exact.As<string>(b.RawObj) is { } s2) return CompareStringsSign(s1, s2);
        if (a.IsNumber && b.IsNumber)
        {
            if (a.IsInt && b.IsFloat) return CompareIntFloat(a.AsIntUnchecked, b.AsFloatUnchecked);
            if (a.IsFloat && b.IsInt) { int c = CompareIntFloat(b.AsIntUnchecked, a.AsFloatUnchecked); return c == 2 ? 2 : -c; }
            double x = a.AsFloatUnchecked, y = b.AsFloatUnchecked;
            if (x < y) return -1;
            if (x > y) return 1;
            if (x == y) return 0;
            return 2;
        }
        if (a.IsString && b.IsString) return Math.Sign(CompareStrings(StringOps.Span(a), StringOps.Span(b)));
        error = $"cannot compare {a.TypeName} and {b.TypeName}";
        return 0;
    }

    /// <summary>SPEC 3.5: mixed comparisons convert the int to float.</summary>
    private static int CompareIntFloat(long i, double f)
    {
        double x = i;
        if (x < f) return -1;
        if (x > f) return 1;
        if (x == f) return 0;
        return 2;
    }

    /// <summary>
    /// -1, 0 or 1 by code-point order. Strings whose first characters differ and are not
    /// surrogates (a scanner's <c>c &gt;= "0"</c>) are ordered by those characters without
    /// slicing spans; one-character strings that are equal are equal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CompareStringsSign(string x, string y)
    {
        if (x.Length != 0 && y.Length != 0)
        {
            char cx = x[0], cy = y[0];
            if (cx != cy)
            {
                if (!char.IsSurrogate(cx) && !char.IsSurrogate(cy)) return cx < cy ? -1 : 1;
            }
            else if (x.Length == 1 && y.Length == 1) return 0;
        }
        return Math.Sign(CompareStrings(x.AsSpan(), y.AsSpan()));
    }

    /// <summary>Code-point order (UTF-16 ordinal differs only around surrogates).</summary>
    public static int CompareStrings(string a, string b) => CompareStrings(a.AsSpan(), b.AsSpan());

    /// <summary>Code-point order of two character spans.</summary>
    public static int CompareStrings(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int n = Math.Min(a.Length, b.Length);
        // strings that differ in their first character (a scanner's `c >= "0"`) need no
        // vectorized prefix scan, whose set-up costs more than the whole comparison
        int i = n > 0 && a[0] != b[0] ? 0 : a[..n].CommonPrefixLength(b[..n]);
        if (i == n) return a.Length.CompareTo(b.Length);
        char x = a[i], y = b[i];
        bool sx = char.IsSurrogate(x), sy = char.IsSurrogate(y);
        if (sx == sy) return x.CompareTo(y);
        return sx ? 1 : -1; // a surrogate (>= U+10000) sorts after any BMP char
    }

    public static bool Less(Value a, Value b) => Compare(a, b) == -1;
    public static bool LessEqual(Value a, Value b) { int c = Compare(a, b); return c == -1 || c == 0; }
    public static bool Greater(Value a, Value b) => Compare(a, b) == 1;
    public static bool GreaterEqual(Value a, Value b) { int c = Compare(a, b); return c == 1 || c == 0; }

    /// <summary>SPEC 3.5 deep equality; never raises; terminates on cycles.</summary>
    public static bool Equal(Value a, Value b)
    {
        if (a.IsInt && b.IsInt) return a.AsIntUnchecked == b.AsIntUnchecked;
        // nil (the null reference) equals only nil: x == nil tests skip the deep comparison
        if (a.RawObj is null || b.RawObj is null) return a.RawObj is null && b.RawObj is null;
        return EqualSlow(a, b, null);
    }

    private static bool EqualSlow(Value a, Value b, HashSet<(object, object)>? seen)
    {
        var oa = a.RawObj;
        var ob = b.RawObj;
        // two ordinary strings first: a scanner compares characters with == chains
        if (Exact.As<string>(oa) is { } s1 && Exact.As<string>(ob) is { } s2) return EqualStrings(s1, s2);
        if (a.IsNumber && b.IsNumber)
        {
            if (a.IsInt && b.IsInt) return a.AsIntUnchecked == b.AsIntUnchecked;
            return CompareIntFloatEq(a, b);
        }
        if (Exact.As<string>(oa) is { } sa) return Exact.As<string>(ob) is { } sb ? sa == sb : b.IsString && StringOps.Span(b).SequenceEqual(sa);
        if (Exact.Is<BuiltString>(oa)) return b.IsString && StringOps.Span(a).SequenceEqual(StringOps.Span(b));
        if (oa is null) return ob is null;
        if (a.IsBool) return b.IsBool && a.AsBoolUnchecked == b.AsBoolUnchecked;
        if (ReferenceEquals(oa, ob)) return true;
        if (Exact.As<SentraArray>(oa) is { } x && Exact.As<SentraArray>(ob) is { } y)
        {
            if (x.Count != y.Count) return false;
            if (seen is null) return EqualWithPooledSet(a, b);
            if (!seen.Add((x, y))) return true;
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            for (int i = 0; i < x.Count; i++)
            {
                if (i >= y.Count || !EqualSlow(x[i], y[i], seen)) return false;
            }
            return x.Count == y.Count;
        }
        if (Exact.As<SentraMap>(oa) is { } m && Exact.As<SentraMap>(ob) is { } n)
        {
            if (m.Count != n.Count) return false;
            if (seen is null) return EqualWithPooledSet(a, b);
            if (!seen.Add((m, n))) return true;
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            foreach (var kv in m.Entries)
            {
                if (!n.TryGet(kv.Key, out var other) || !EqualSlow(kv.Value, other, seen)) return false;
            }
            return true;
        }
        return false;
    }

    // The pairs of containers under comparison (cycle detection), one set per thread reused
    // across comparisons: a fresh set per array or map comparison allocated about 190 bytes
    // each time. A nested comparison (none today, but Equal is public) takes a new set.
    [ThreadStatic] private static HashSet<(object, object)>? t_seen;

    private static bool EqualWithPooledSet(Value a, Value b)
    {
        var seen = t_seen ?? new HashSet<(object, object)>(PairComparer.Instance);
        t_seen = null;
        try
        {
            return EqualSlow(a, b, seen);
        }
        finally
        {
            // keep only small sets: Clear costs the set's capacity
            if (seen.Count <= 1024)
            {
                seen.Clear();
                t_seen = seen;
            }
        }
    }

    /// <summary>
    /// Ordinal equality of two .NET strings: the same reference (equal one-character strings
    /// from CharCache are), different lengths, and single characters without a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualStrings(string x, string y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x.Length != y.Length) return false;
        if (x.Length == 1) return x[0] == y[0];
        return string.Equals(x, y);
    }

    private static bool CompareIntFloatEq(Value a, Value b) => a.ToDouble() == b.ToDouble();

    private sealed class PairComparer : IEqualityComparer<(object, object)>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals((object, object) x, (object, object) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((object, object) p) => HashCode.Combine(RuntimeHelpers.GetHashCode(p.Item1), RuntimeHelpers.GetHashCode(p.Item2));
    }

    // ---- indexing (SPEC 3.7, 3.3) ----------------------------------------------------------

    /// <summary>The map key for any value: its print format (SPEC 3.7.2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string MapKey(Value k) => k.IsPlainString ? k.AsPlainString : MapKeySlow(k);

    // built strings and the print format of other values, out of line: MapKey is inlined
    // into the dispatch loop, which is at the JIT's inlining budget
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string MapKeySlow(Value k) => k.IsString ? k.AsStringUnchecked : ValueFormatter.ToDisplayString(k);

    /// <summary>Whether map m has the key str(k) (an int k without making that string).</summary>
    public static bool HasKey(SentraMap m, Value k) => k.IsInt ? m.ContainsInt(k.AsIntUnchecked) : m.ContainsKey(MapKey(k));

    public static Value GetIndex(Value target, Value index) =>
        GetIndex(target, index, out Value r) is { } error ? Throw.Value(error) : r;

    /// <summary>
    /// target[index] into <paramref name="result"/>, or the message of the SPEC error it
    /// raises (for callers that raise it without a .NET exception: the interpreter's loop).
    /// Other failures (a map key that cannot be one, a limit) still throw.
    /// </summary>
    public static string? GetIndex(Value target, Value index, out Value result)
    {
        result = default;
        var obj = target.RawObj;
        if (Exact.As<SentraArray>(obj) is { } arr)
        {
            if (index.IsInt) result = arr.Get(index.AsIntUnchecked);
            else if (index.IsFloat) result = arr.Get(TruncIndex(index.AsFloatUnchecked));
            else return "array index must be a number";
            return null;
        }
        if (Exact.As<SentraMap>(obj) is { } map)
        {
            result = index.IsInt ? map.GetInt(index.AsIntUnchecked) : map.Get(MapKey(index));
            return null;
        }
        if (Exact.As<string>(obj) is { } s)
        {
            long i;
            if (index.IsInt) i = index.AsIntUnchecked;
            else if (index.IsFloat) i = TruncIndex(index.AsFloatUnchecked);
            else return "string index must be a number";
            result = StringOps.CharAt(s, i);
            return null;
        }
        if (Exact.As<BuiltString>(obj) is { } built)
        {
            long i;
            if (index.IsInt) i = index.AsIntUnchecked;
            else if (index.IsFloat) i = TruncIndex(index.AsFloatUnchecked);
            else return "string index must be a number";
            result = built.CharAt((int)target.RawBits, i);
            return null;
        }
        if (obj is SentraModule mod)
        {
            result = mod.GetExport(MapKey(index));
            return null;
        }
        return $"cannot index {target.TypeName}";
    }

    private static long TruncIndex(double d)
    {
        if (double.IsNaN(d)) return -1;
        d = Math.Truncate(d);
        if (d < 0) return -1;
        if (d >= long.MaxValue) return long.MaxValue;
        return (long)d;
    }

    public static void SetIndex(Value target, Value index, Value value)
    {
        if (SetIndexOrError(target, index, value) is { } error) Throw.Error(error);
    }

    /// <summary>
    /// target[index] = value, or the message of the SPEC error it raises (nothing assigned;
    /// see <see cref="GetIndex(Value, Value, out Value)"/>).
    /// </summary>
    public static string? SetIndexOrError(Value target, Value index, Value value)
    {
        var obj = target.RawObj;
        if (Exact.As<SentraArray>(obj) is { } arr)
        {
            long i;
            if (index.IsInt) i = index.AsIntUnchecked;
            else if (index.IsFloat)
            {
                double d = index.AsFloatUnchecked;
                if (double.IsNaN(d)) return "array index out of range: NaN";
                i = d >= long.MaxValue ? long.MaxValue : d <= long.MinValue ? long.MinValue : (long)Math.Truncate(d);
            }
            else return "array index must be a number";
            if (i < 0) return $"array index out of range: {ValueFormatter.ToDisplayString(index)}";
            if (i >= Limits.MaxArrayLength) return "array too large";
            arr.Set(i, value);
            return null;
        }
        if (Exact.As<SentraMap>(obj) is { } map)
        {
            if (index.IsInt) map.SetInt(index.AsIntUnchecked, value);
            else map.Set(MapKey(index), value);
            return null;
        }
        return $"cannot index assign {target.TypeName}";
    }
}
