using System.Globalization;

namespace Sentra.Runtime;

/// <summary>
/// Float printing. <see cref="FormatGo"/> is Go's <c>%g</c> with shortest round-trip digits
/// (SPEC 3.14.1); <see cref="FormatJson"/> is Go <c>encoding/json</c>'s ECMAScript-like form
/// (SPEC 4.2.8). Both start from .NET's shortest round-trip digit string ("R").
/// </summary>
public static class NumberFormat
{
    // Everything is formatted in stack buffers and allocates only the result string: str()
    // of a float allocated about 280 bytes of intermediate strings and a StringBuilder.
    // Lengths: "R" needs at most 24 chars ("-1.7976931348623157E+308"); a result at most
    // sign + 17 digits + point + 21 digits of fixed notation (JSON, below 1e21).
    private const int Buffer = 64;

    /// <summary>
    /// Shortest digits of |f| (no leading or trailing zeros; "0" for zero) into
    /// <paramref name="digits"/>, returning their count, with |f| = d1.d2... x 10^exp.
    /// </summary>
    private static int Decompose(double abs, Span<char> digits, out int exp)
    {
        Span<char> r = stackalloc char[Buffer];
        abs.TryFormat(r, out int len, "R", CultureInfo.InvariantCulture);
        r = r[..len];
        int e = 0;
        int ePos = r.IndexOfAny('E', 'e');
        var m = r;
        if (ePos >= 0)
        {
            e = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            m = r[..ePos];
        }
        int dot = m.IndexOf('.');
        var intPart = dot >= 0 ? m[..dot] : m;
        var frac = dot >= 0 ? m[(dot + 1)..] : [];
        intPart.CopyTo(digits);
        frac.CopyTo(digits[intPart.Length..]);
        int n = intPart.Length + frac.Length;
        exp = intPart.Length - 1 + e;
        int lead = 0;
        while (lead < n - 1 && digits[lead] == '0') lead++;
        if (lead > 0)
        {
            digits.Slice(lead, n - lead).CopyTo(digits);
            n -= lead;
            exp -= lead;
        }
        while (n > 0 && digits[n - 1] == '0') n--;
        if (n == 0)
        {
            digits[0] = '0';
            n = 1;
        }
        return n;
    }

    /// <summary>Go <c>strconv.FormatFloat(f, 'g', -1, 64)</c>.</summary>
    public static string FormatGo(double f)
    {
        if (double.IsNaN(f)) return "NaN";
        if (double.IsPositiveInfinity(f)) return "+Inf";
        if (double.IsNegativeInfinity(f)) return "-Inf";
        if (f == 0) return double.IsNegative(f) ? "-0" : "0";
        return Format(f, json: false);
    }

    /// <summary>Go <c>encoding/json</c> float: fixed for 1e-6 &lt;= |x| &lt; 1e21, else exponent without padding.</summary>
    public static string FormatJson(double f)
    {
        if (f == 0) return double.IsNegative(f) ? "-0" : "0";
        return Format(f, json: true);
    }

    /// <summary>A finite non-zero f: Go's %g (exponent from 1e+06, and below 1e-04, padded to two digits) or JSON's form.</summary>
    private static string Format(double f, bool json)
    {
        double abs = Math.Abs(f);
        Span<char> digits = stackalloc char[Buffer];
        int n = Decompose(abs, digits, out int exp);
        bool exponent = json ? abs < 1e-6 || abs >= 1e21 : exp < -4 || exp >= 6;
        Span<char> buf = stackalloc char[Buffer];
        int at = 0;
        if (f < 0) buf[at++] = '-';
        at += exponent ? WriteExponent(buf[at..], digits[..n], exp, padExponent: !json) : WriteFixed(buf[at..], digits[..n], exp);
        return new string(buf[..at]);
    }

    /// <summary>d[.ddd]e±X (Go pads X to two digits, JSON does not); returns the length written.</summary>
    private static int WriteExponent(Span<char> dst, ReadOnlySpan<char> digits, int exp, bool padExponent)
    {
        int at = 0;
        dst[at++] = digits[0];
        if (digits.Length > 1)
        {
            dst[at++] = '.';
            digits[1..].CopyTo(dst[at..]);
            at += digits.Length - 1;
        }
        dst[at++] = 'e';
        dst[at++] = exp < 0 ? '-' : '+';
        int ae = Math.Abs(exp);
        if (padExponent && ae < 10) dst[at++] = '0';
        ae.TryFormat(dst[at..], out int written, default, CultureInfo.InvariantCulture);
        return at + written;
    }

    /// <summary>Span.Fill's generic code for char is not in the precompiled image (it was
    /// JIT-compiled by every run that printed such a float); a few zeros need no vector loop.</summary>
    private static void Zeros(Span<char> dst)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = '0';
    }

    /// <summary>The digits in fixed notation for decimal exponent exp; returns the length written.</summary>
    private static int WriteFixed(Span<char> dst, ReadOnlySpan<char> digits, int exp)
    {
        int at = 0;
        if (exp < 0)
        {
            dst[at++] = '0';
            dst[at++] = '.';
            Zeros(dst.Slice(at, -exp - 1));
            at += -exp - 1;
            digits.CopyTo(dst[at..]);
            return at + digits.Length;
        }
        if (exp + 1 >= digits.Length)
        {
            digits.CopyTo(dst);
            at = digits.Length;
            Zeros(dst.Slice(at, exp + 1 - digits.Length));
            return exp + 1;
        }
        digits[..(exp + 1)].CopyTo(dst);
        at = exp + 1;
        dst[at++] = '.';
        digits[(exp + 1)..].CopyTo(dst[at..]);
        return at + digits.Length - exp - 1;
    }
}
