using System.Globalization;

namespace Sentra.Builtins;

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
