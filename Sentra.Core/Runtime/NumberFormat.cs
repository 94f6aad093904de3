using System.Globalization;
using System.Text;

namespace Sentra.Runtime;

/// <summary>
/// Float printing. <see cref="FormatGo"/> is Go's <c>%g</c> with shortest round-trip digits
/// (SPEC 3.14.1); <see cref="FormatJson"/> is Go <c>encoding/json</c>'s ECMAScript-like form
/// (SPEC 4.2.8). Both start from .NET's shortest round-trip digit string ("R").
/// </summary>
public static class NumberFormat
{
    /// <summary>Shortest digits (no leading/trailing zeros) and decimal exponent of |f| = d1.d2.. x 10^exp.</summary>
    private static (string Digits, int Exp) Decompose(double abs)
    {
        string r = abs.ToString("R", CultureInfo.InvariantCulture);
        int e = 0;
        int ePos = r.IndexOfAny(['E', 'e']);
        string m = r;
        if (ePos >= 0)
        {
            e = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            m = r[..ePos];
        }
        int dot = m.IndexOf('.');
        string intPart = dot >= 0 ? m[..dot] : m;
        string frac = dot >= 0 ? m[(dot + 1)..] : "";
        string digits = intPart + frac;
        int exp = intPart.Length - 1 + e;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..];
        exp -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        return (digits, exp);
    }

    /// <summary>Go <c>strconv.FormatFloat(f, 'g', -1, 64)</c>.</summary>
    public static string FormatGo(double f)
    {
        if (double.IsNaN(f)) return "NaN";
        if (double.IsPositiveInfinity(f)) return "+Inf";
        if (double.IsNegativeInfinity(f)) return "-Inf";
        if (f == 0) return double.IsNegative(f) ? "-0" : "0";
        var (digits, exp) = Decompose(Math.Abs(f));
        var sb = new StringBuilder(24);
        if (f < 0) sb.Append('-');
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            int ae = Math.Abs(exp);
            if (ae < 10) sb.Append('0');
            sb.Append(ae.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            AppendFixed(sb, digits, exp);
        }
        return sb.ToString();
    }

    private static void AppendFixed(StringBuilder sb, string digits, int exp)
    {
        if (exp < 0)
        {
            sb.Append("0.").Append('0', -exp - 1).Append(digits);
        }
        else if (exp + 1 >= digits.Length)
        {
            sb.Append(digits).Append('0', exp + 1 - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, exp + 1).Append('.').Append(digits, exp + 1, digits.Length - exp - 1);
        }
    }

    /// <summary>Go <c>encoding/json</c> float: fixed for 1e-6 &lt;= |x| &lt; 1e21, else exponent without padding.</summary>
    public static string FormatJson(double f)
    {
        if (f == 0) return double.IsNegative(f) ? "-0" : "0";
        var (digits, exp) = Decompose(Math.Abs(f));
        var sb = new StringBuilder(24);
        if (f < 0) sb.Append('-');
        double abs = Math.Abs(f);
        if (abs < 1e-6 || abs >= 1e21)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            AppendFixed(sb, digits, exp);
        }
        return sb.ToString();
    }
}
