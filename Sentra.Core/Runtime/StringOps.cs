using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sentra.Runtime;

/// <summary>
/// Code-point view of .NET (UTF-16) strings (SPEC 3.3). A string without surrogates is
/// indexed directly; the surrogate test is vectorized and its last answer is cached, so
/// <c>s[i]</c> and <c>len(s)</c> in a loop over the same ordinary string stay O(1).
/// </summary>
public static class StringOps
{
    // a SearchValues set rather than IndexOfAnyInRange, which allocated 92 bytes per call;
    // built on the first long non-ASCII string (the class initializer runs then): creating it
    // JIT-compiles generic code that precompiled images lack (docs/performance.md, "Strings")
    private static class Surrogates
    {
        internal static readonly SearchValues<char> Set = SearchValues.Create(SurrogateChars());
    }
    [ThreadStatic] private static string? s_lastChecked;
    [ThreadStatic] private static bool s_lastHasSurrogates;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasSurrogates(string s)
    {
        // short strings: a plain scan is cheaper than the thread-static cache (the vectorized
        // IndexOfAnyInRange used before allocated 92 bytes per call on this runtime)
        if (s.Length <= 16)
        {
            foreach (char c in s)
            {
                if (char.IsSurrogate(c)) return true;
            }
            return false;
        }
        if (ReferenceEquals(s, s_lastChecked)) return s_lastHasSurrogates;
        return HasSurrogatesSlow(s);
    }

    private static string SurrogateChars()
    {
        var chars = new char[0xE000 - 0xD800];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)(0xD800 + i);
        return new string(chars);
    }

    private static bool HasSurrogatesSlow(string s)
    {
        // only strings longer than 16 chars get here (HasSurrogates scans short ones itself)
        // ASCII text (the common case) is ruled out by a precompiled vectorized check
        bool r = !Ascii.IsValid(s) && s.AsSpan().ContainsAny(Surrogates.Set);
        s_lastChecked = s;
        s_lastHasSurrogates = r;
        return r;
    }

    /// <summary>Number of code points.</summary>
    public static int Length(string s)
    {
        if (!HasSurrogates(s)) return s.Length;
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>UTF-16 offset of code point index cp (cp may equal the length).</summary>
    public static int Offset(string s, int cp)
    {
        if (!HasSurrogates(s)) return cp;
        int i = 0;
        while (cp > 0 && i < s.Length)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i += 2;
            else i++;
            cp--;
        }
        return i;
    }

    /// <summary>The 1-character string at code point i, or nil when out of range.</summary>
    public static Value CharAt(string s, long i)
    {
        if (i < 0) return default;
        if (!HasSurrogates(s))
        {
            if (i >= s.Length) return default;
            return Value.FromString(CharCache.Get(s[(int)i]));
        }
        if (i >= s.Length) return default;
        int off = Offset(s, (int)i);
        if (off >= s.Length) return default;
        int len = char.IsHighSurrogate(s[off]) && off + 1 < s.Length && char.IsLowSurrogate(s[off + 1]) ? 2 : 1;
        return Value.FromString(s.Substring(off, len));
    }

    /// <summary>Substring by code points [start, end) (caller clamps).</summary>
    public static string Sub(string s, int start, int end)
    {
        if (start >= end) return "";
        if (!HasSurrogates(s)) return s.Substring(start, end - start);
        int a = Offset(s, start);
        int b = Offset(s, end);
        return s.Substring(a, b - a);
    }

    /// <summary>Splits into 1-character strings (code points).</summary>
    public static List<string> Chars(string s)
    {
        var list = new List<string>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else list.Add(CharCache.Get(s[i]));
        }
        return list;
    }

    /// <summary>Code point index of a UTF-16 offset.</summary>
    public static int CodePointIndex(string s, int offset)
    {
        if (!HasSurrogates(s)) return offset;
        int n = 0;
        for (int i = 0; i < offset && i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }
}

/// <summary>Interned one-character strings for ASCII/Latin-1 so that <c>s[i]</c> does not allocate.</summary>
internal static class CharCache
{
    private static readonly string[] s_cache = CreateCache();

    private static string[] CreateCache()
    {
        var a = new string[256];
        for (int i = 0; i < a.Length; i++) a[i] = ((char)i).ToString();
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string Get(char c) => c < 256 ? s_cache[c] : c.ToString();
}
