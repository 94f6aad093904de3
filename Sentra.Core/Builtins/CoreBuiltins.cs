// SPEC 4.2.1 (output), 4.2.2 (types and conversion) and len (4.2.3).
using System.Globalization;
using System.Text;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>log, print, type, typeof, str, parse_int, parse_float, int, float, len.</summary>
internal static class CoreBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("log", 1, 1, Log);
        t.Add("print", 1, 1, Log);
        t.Add("type", 1, 1, static (_, a) => Value.FromString(a[0].TypeName));
        t.Add("typeof", 1, 1, TypeOf);
        t.Add("str", 1, 1, static (_, a) => a[0].IsString ? a[0] : Value.FromString(ValueFormatter.ToDisplayString(a[0])));
        t.Add("parse_int", 1, 1, static (_, a) => Value.FromInt(GoScan.Int(Args.Str(a, 0), 10)));
        t.Alias("string_to_int", "parse_int");
        t.Add("parse_float", 1, 1, static (_, a) => Value.FromFloat(GoScan.Float(Args.Str(a, 0))));
        t.Alias("string_to_float", "parse_float");
        t.Add("int", 1, 1, ToInt);
        t.Add("float", 1, 1, ToFloat);
        t.Add("len", 1, 1, Len);
    }

    private static Value Log(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        var w = rt.Out;
        if (v.IsString) w.Write(StringOps.Span(v));
        else w.Write(ValueFormatter.ToDisplayString(v));
        w.Write('\n');
        return default;
    }

    private static Value TypeOf(IRuntime rt, ReadOnlySpan<Value> a) => a[0].Kind switch
    {
        ValueKind.Nil => "nil",
        ValueKind.Bool => "boolean",
        ValueKind.Int or ValueKind.Float => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        ValueKind.Map => "map",
        ValueKind.Function => "function",
        _ => "object",
    };

    private static Value Len(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var o = a[0].RawObj;
        if (Exact.As<string>(o) is { } s) return Value.FromInt(StringOps.Length(s));
        if (Exact.Is<BuiltString>(o)) return Value.FromInt(StringOps.Length(a[0]));
        if (Exact.As<SentraArray>(o) is { } arr) return Value.FromInt(arr.Count);
        if (Exact.As<SentraMap>(o) is { } m) return Value.FromInt(m.Count);
        return BuiltinError.Of("len expects string, array or map");
    }

    /// <summary>SPEC 4.2.2 int(v) (PROPOSED).</summary>
    private static Value ToInt(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsInt) return v;
        if (v.IsFloat)
        {
            double d = v.AsFloatUnchecked;
            double t = Math.Truncate(d);
            // NaN fails both comparisons; 2^63 itself does not fit.
            if (t >= -9223372036854775808.0 && t < 9223372036854775808.0) return Value.FromInt((long)t);
            return BuiltinError.Of($"cannot convert {NumberFormat.FormatGo(d)} to int");
        }
        if (v.IsString)
        {
            string s = v.AsStringUnchecked;
            if (TryParseDecimalInt(s.AsSpan().Trim(), out long r)) return Value.FromInt(r);
            return BuiltinError.Of($"cannot convert '{s}' to int");
        }
        if (v.IsBool) return Value.FromInt(v.AsBoolUnchecked ? 1 : 0);
        return BuiltinError.Of($"cannot convert {v.TypeName} to int");
    }

    /// <summary>SPEC 4.2.2 float(v) (PROPOSED).</summary>
    private static Value ToFloat(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsFloat) return v;
        if (v.IsInt) return Value.FromFloat(v.AsIntUnchecked);
        if (v.IsString)
        {
            string s = v.AsStringUnchecked;
            var span = s.AsSpan().Trim();
            if (IsDecimalFloatLiteral(span)
                && double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && !double.IsInfinity(d))
                return Value.FromFloat(d);
            return BuiltinError.Of($"cannot convert '{s}' to float");
        }
        if (v.IsBool) return Value.FromFloat(v.AsBoolUnchecked ? 1.0 : 0.0);
        return BuiltinError.Of($"cannot convert {v.TypeName} to float");
    }

    /// <summary>Optional sign and ASCII decimal digits, fitting int64.</summary>
    private static bool TryParseDecimalInt(ReadOnlySpan<char> s, out long result)
    {
        result = 0;
        if (s.IsEmpty) return false;
        foreach (char c in s[(s[0] is '+' or '-' ? 1 : 0)..])
            if (c is < '0' or > '9') return false;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary><c>[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?</c> with ASCII digits.</summary>
    internal static bool IsDecimalFloatLiteral(ReadOnlySpan<char> s)
    {
        int i = 0, n = s.Length;
        if (i < n && s[i] is '+' or '-') i++;
        int intDigits = 0, fracDigits = 0;
        while (i < n && char.IsAsciiDigit(s[i])) { i++; intDigits++; }
        if (i < n && s[i] == '.')
        {
            i++;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; fracDigits++; }
        }
        if (intDigits + fracDigits == 0) return false;
        if (i < n && s[i] is 'e' or 'E')
        {
            i++;
            if (i < n && s[i] is '+' or '-') i++;
            int expDigits = 0;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    /// <summary>Appends str(v) using the invariant culture for ints (hot in join).</summary>
    internal static void AppendDisplay(StringBuilder sb, Value v)
    {
        if (v.IsString) { sb.Append(v.AsStringUnchecked); return; }
        if (v.IsInt)
        {
            Span<char> buf = stackalloc char[24];
            v.AsIntUnchecked.TryFormat(buf, out int w, default, CultureInfo.InvariantCulture);
            sb.Append(buf[..w]);
            return;
        }
        if (v.RawObj is SentraArray or SentraMap) { ValueFormatter.Append(sb, v); return; }
        sb.Append(ValueFormatter.ToDisplayString(v));
    }
}
