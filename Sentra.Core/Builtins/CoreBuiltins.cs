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
        return Throw.Value("len expects string, array or map");
    }

    /// <summary>SPEC 4.2.2 int(v) (PROPOSED).</summary>
    private static Value ToInt(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsInt) return v;
        if (v.IsFloat)
        {
            double d = v.AsFloat;
            double t = Math.Truncate(d);
            // NaN fails both comparisons; 2^63 itself does not fit.
            if (t >= -9223372036854775808.0 && t < 9223372036854775808.0) return Value.FromInt((long)t);
            return Throw.Value($"cannot convert {NumberFormat.FormatGo(d)} to int");
        }
        if (v.IsString)
        {
            string s = v.AsString;
            if (TryParseDecimalInt(s.AsSpan().Trim(), out long r)) return Value.FromInt(r);
            return Throw.Value($"cannot convert '{s}' to int");
        }
        if (v.IsBool) return Value.FromInt(v.AsBool ? 1 : 0);
        return Throw.Value($"cannot convert {v.TypeName} to int");
    }

    /// <summary>SPEC 4.2.2 float(v) (PROPOSED).</summary>
    private static Value ToFloat(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsFloat) return v;
        if (v.IsInt) return Value.FromFloat(v.AsInt);
        if (v.IsString)
        {
            string s = v.AsString;
            var span = s.AsSpan().Trim();
            if (IsDecimalFloatLiteral(span)
                && double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && !double.IsInfinity(d))
                return Value.FromFloat(d);
            return Throw.Value($"cannot convert '{s}' to float");
        }
        if (v.IsBool) return Value.FromFloat(v.AsBool ? 1.0 : 0.0);
        return Throw.Value($"cannot convert {v.TypeName} to float");
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
        if (v.IsString) { sb.Append(v.AsString); return; }
        if (v.IsInt)
        {
            Span<char> buf = stackalloc char[24];
            v.AsInt.TryFormat(buf, out int w, default, CultureInfo.InvariantCulture);
            sb.Append(buf[..w]);
            return;
        }
        if (v.RawObj is SentraArray or SentraMap) { ValueFormatter.Append(sb, v); return; }
        sb.Append(ValueFormatter.ToDisplayString(v));
    }
}

/// <summary>
/// Go <c>fmt.Sscanf</c> with a single <c>%d</c>/<c>%x</c>/<c>%f</c> verb, as Go-reg's
/// parse_int, hex_to_int and parse_float use it: any failure yields 0.
/// </summary>
internal static class GoScan
{
    /// <summary>Go <c>ss.SkipSpace</c> with newlines not counting as space (Sscanf).</summary>
    private static bool SkipSpace(string s, ref int i)
    {
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') { i++; continue; }
            if (c == '\n') return false; // "unexpected newline"
            if (!char.IsWhiteSpace(c)) return true;
            i++;
        }
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => 99,
    };

    /// <summary><c>%d</c> (base 10) or <c>%x</c> (base 16) into an int64; 0 on any error.</summary>
    public static long Int(string s, int radix, bool allowHexPrefix = false)
    {
        int i = 0;
        if (!SkipSpace(s, ref i) || i >= s.Length) return 0;
        bool neg = false;
        if (s[i] is '+' or '-') { neg = s[i] == '-'; i++; }
        if (allowHexPrefix && i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X'
            && i + 2 < s.Length && DigitValue(s[i + 2]) < 16)
            i += 2;
        int start = i;
        UInt128 mag = 0;
        bool underscore = false, overflow = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_') { underscore = true; continue; }
            int d = DigitValue(c);
            if (d >= radix) break;
            if (!overflow)
            {
                mag = mag * (uint)radix + (uint)d;
                if (mag > (UInt128)long.MaxValue + 1) overflow = true;
            }
        }
        // Go scans '_' as part of the token, then strconv.ParseInt rejects it.
        if (i == start || underscore || overflow) return 0;
        if (neg) return mag == (UInt128)long.MaxValue + 1 ? long.MinValue : -(long)mag;
        return mag > long.MaxValue ? 0 : (long)mag;
    }

    /// <summary><c>%f</c> into a float64 (Go <c>ss.floatToken</c> + <c>convertFloat</c>); 0 on any error.</summary>
    public static double Float(string s)
    {
        int i = 0;
        if (!SkipSpace(s, ref i) || i >= s.Length) return 0;
        int start = i;
        bool Accept(string chars)
        {
            if (i < s.Length && chars.Contains(s[i])) { i++; return true; }
            return false;
        }
        if (Accept("nN") && Accept("aA") && Accept("nN")) return Convert(s[start..i]);
        Accept("+-");
        if (Accept("iI") && Accept("nN") && Accept("fF")) return Convert(s[start..i]);
        string digits = "0123456789_", exp = "eEpP";
        if (Accept("0") && Accept("xX")) { digits = "0123456789aAbBcCdDeEfF_"; exp = "pP"; }
        while (Accept(digits)) { }
        if (Accept(".")) while (Accept(digits)) { }
        if (Accept(exp))
        {
            Accept("+-");
            while (Accept("0123456789_")) { }
        }
        return Convert(s[start..i]);
    }

    private static double Convert(string tok)
    {
        int p = tok.IndexOf('p');
        if (p >= 0)
        {
            // Go: mantissa via ParseFloat, binary exponent via Atoi, then Ldexp.
            if (!TryParseGoFloat(tok[..p], out double m)) return 0;
            if (!int.TryParse(tok.AsSpan(p + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int e)) return 0;
            return Math.ScaleB(m, e);
        }
        return TryParseGoFloat(tok, out double f) ? f : 0;
    }

    /// <summary>strconv.ParseFloat(s, 64) for decimal syntax and inf/nan; range errors fail.</summary>
    private static bool TryParseGoFloat(string s, out double f)
    {
        f = 0;
        var body = s.AsSpan();
        double sign = 1;
        if (body.Length > 0 && body[0] is '+' or '-') { sign = body[0] == '-' ? -1 : 1; body = body[1..]; }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            f = sign * double.PositiveInfinity;
            return true;
        }
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) { f = double.NaN; return true; }
        if (!CoreBuiltins.IsDecimalFloatLiteral(s)) return false;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out f)) return false;
        return !double.IsInfinity(f);
    }
}
