using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sentra.Runtime;

/// <summary>
/// Code-point view of .NET (UTF-16) strings (SPEC 3.3). A string without surrogates is
/// indexed directly; the surrogate test is vectorized and its last answer is cached, so
/// <c>s[i]</c> and <c>len(s)</c> in a loop over the same ordinary string stay O(1). A longer
/// string with surrogates gets a <see cref="CodePointMap"/> the first time a position in it
/// is looked up, kept beside the string for as long as the string lives, so every later
/// position costs O(1) as well.
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
    // the last string tested on this thread, with its answers: a loop over one string asks
    // again and again; one thread-static record (a thread-static read costs more than a field)
    [ThreadStatic] private static LastString? t_last;
    // the last few strings tested (t_last is one of them): a loop reading two or three long
    // strings in turn (a[i] == b[i]) would otherwise rescan one of them at every step
    [ThreadStatic] private static LastString[]? t_recent;
    [ThreadStatic] private static int t_nextRecent;
    private const int RecentCount = 4;

    private sealed class LastString
    {
        public string? Text;
        public bool HasSurrogates;
        public CodePointMap? Map; // null until asked for (and for short strings)
    }

    /// <summary>Strings with surrogates up to this many UTF-16 units are scanned; longer ones get a map.</summary>
    internal const int MapThreshold = 32;

    // the maps, keyed by string identity; an entry lives as long as its string
    private static readonly ConditionalWeakTable<string, CodePointMap> s_maps = new();
    private static readonly ConditionalWeakTable<string, CodePointMap>.CreateValueCallback s_newMap =
        static str => new CodePointMap(str);

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
        if (ReferenceEquals(s, s_plain)) return false;
        var last = t_last;
        if (last is not null && ReferenceEquals(s, last.Text)) return last.HasSurrogates;
        return HasSurrogatesSlow(s);
    }

    /// <summary>
    /// The last string longer than 16 chars found to have no surrogates, on any thread: a
    /// plain static read is cheaper than the thread-static cache (on Linux a thread-static
    /// read can call __tls_get_addr), and a loop indexing one ordinary string (a scanner's
    /// <c>src[i]</c>) asks about it again and again. A string cannot change, so whichever
    /// string a racing thread leaves here is still one without surrogates. Compiled code
    /// reads it too (<see cref="PlainString"/>).
    /// </summary>
    private static string? s_plain;

    /// <summary>The last long string known to have no surrogates (see <see cref="s_plain"/>); null at first.</summary>
    public static string? PlainString
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_plain;
    }

    /// <summary>Whether some character of the span is a surrogate (no caching).</summary>
    public static bool HasSurrogates(ReadOnlySpan<char> s)
    {
        if (s.Length <= 16)
        {
            foreach (char c in s)
            {
                if (char.IsSurrogate(c)) return true;
            }
            return false;
        }
        return !Ascii.IsValid(s) && s.ContainsAny(Surrogates.Set);
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
        var recent = t_recent ??= NewRecent();
        foreach (var entry in recent)
        {
            if (ReferenceEquals(entry.Text, s))
            {
                t_last = entry;
                if (!entry.HasSurrogates) s_plain = s;
                return entry.HasSurrogates;
            }
        }
        int k = t_nextRecent;
        t_nextRecent = (k + 1) % RecentCount;
        var last = recent[k];
        last.Text = s;
        last.HasSurrogates = ScanForSurrogates(s);
        last.Map = null;
        t_last = last;
        if (!last.HasSurrogates) s_plain = s;
        return last.HasSurrogates;
    }

    private static LastString[] NewRecent()
    {
        var recent = new LastString[RecentCount];
        for (int i = 0; i < recent.Length; i++) recent[i] = new LastString();
        return recent;
    }

    // ASCII text (the common case) is ruled out by a precompiled vectorized check
    private static bool ScanForSurrogates(string s) => !Ascii.IsValid(s) && s.AsSpan().ContainsAny(Surrogates.Set);

    /// <summary>The code-point map of a string with surrogates longer than <see cref="MapThreshold"/>.</summary>
    private static CodePointMap Map(string s)
    {
        var last = t_last;
        if (last is not null && ReferenceEquals(s, last.Text) && last.Map is { } map) return map;
        return MapSlow(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CodePointMap MapSlow(string s)
    {
        var map = s_maps.GetValue(s, s_newMap);
        // the record HasSurrogates just filled for s (callers ask it first)
        var last = t_last;
        if (last is not null && ReferenceEquals(last.Text, s)) last.Map = map;
        return map;
    }

    /// <summary>The characters of a string value (either representation) without making a .NET string.</summary>
    internal static ReadOnlySpan<char> Span(in Value v) =>
        Exact.As<BuiltString>(v.RawObj) is { } b ? b.Span((int)v.RawBits) : v.AsStringUnchecked.AsSpan();

    /// <summary>Number of code points of a string value (either representation).</summary>
    internal static int Length(in Value v) =>
        Exact.As<BuiltString>(v.RawObj) is { } b ? b.CodePointLength((int)v.RawBits) : Length(v.AsStringUnchecked);

    /// <summary>Number of code points.</summary>
    public static int Length(string s)
    {
        if (!HasSurrogates(s)) return s.Length;
        if (s.Length > MapThreshold) return Map(s).Length;
        return CountCodePoints(s, s.Length);
    }

    /// <summary>Code points in s[0..end) (a pair counts once; a lone surrogate counts as one).</summary>
    internal static int CountCodePoints(string s, int end)
    {
        int n = 0;
        for (int i = 0; i < end; i++)
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
        if (s.Length > MapThreshold) return Map(s).Offset(s, cp);
        return Advance(s, 0, cp);
    }

    /// <summary>The offset <paramref name="cp"/> code points after offset <paramref name="i"/> (or the end).</summary>
    internal static int Advance(string s, int i, int cp)
    {
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
        int off = s.Length > MapThreshold ? Map(s).Offset(s, (int)i) : Advance(s, 0, (int)i);
        if (off >= s.Length) return default;
        int len = char.IsHighSurrogate(s[off]) && off + 1 < s.Length && char.IsLowSurrogate(s[off + 1]) ? 2 : 1;
        return Value.FromString(len == 1 ? CharCache.Get(s[off]) : s.Substring(off, 2));
    }

    /// <summary>Substring by code points [start, end) (caller clamps).</summary>
    public static string Sub(string s, int start, int end)
    {
        if (start >= end) return "";
        if (!HasSurrogates(s)) return s.Substring(start, end - start);
        int a, b;
        if (s.Length > MapThreshold)
        {
            var map = Map(s);
            a = map.Offset(s, start);
            b = map.Offset(s, end);
        }
        else
        {
            a = Advance(s, 0, start);
            b = Advance(s, a, end - start);
        }
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
        if (s.Length > MapThreshold) return Map(s).CodePointIndex(s, offset);
        return CountCodePoints(s, Math.Min(offset, s.Length));
    }
}

/// <summary>
/// Where the code points of one string with surrogates start: the UTF-16 offset of every
/// <see cref="Stride"/>th code point (breadcrumbs, as Swift and PyPy keep them), built in one
/// pass, plus the last position looked up, so a loop stepping through the string advances
/// from there. Memory: 4 bytes per <see cref="Stride"/> code points (about 3% of the
/// string's own 2-4 bytes per code point) plus about 60 bytes per string.
/// </summary>
internal sealed class CodePointMap
{
    /// <summary>Code points between breadcrumbs.</summary>
    internal const int Stride = 32;


    /// <summary>Number of code points.</summary>
    internal readonly int Length;
    // _crumbs[k] = UTF-16 offset of code point k * Stride, for every k with k * Stride <= Length
    private readonly int[] _crumbs;
    // the last position looked up: code point << 32 | offset, one field so that a reader on
    // another thread never pairs one position's code point with another's offset
    private long _last;

    internal CodePointMap(string s)
    {
        var crumbs = new int[s.Length / Stride + 2];
        int n = 0, k = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (n % Stride == 0) crumbs[k++] = i;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        if (n % Stride == 0) crumbs[k++] = s.Length;
        Length = n;
        _crumbs = crumbs;
    }

    /// <summary>UTF-16 offset of code point cp (the string's length for cp &gt;= Length).</summary>
    internal int Offset(string s, int cp)
    {
        if (cp >= Length) return s.Length;
        if (cp <= 0) return 0;
        long last = _last;
        int lastCp = (int)(last >> 32);
        int off;
        int d = cp - lastCp;
        if (d >= 0 && d < Stride) off = StringOps.Advance(s, (int)last, d);
        else off = StringOps.Advance(s, _crumbs[cp / Stride], cp % Stride);
        _last = ((long)cp << 32) | (uint)off;
        return off;
    }

    /// <summary>The code point index at UTF-16 offset <paramref name="offset"/> (rounded up inside a pair).</summary>
    internal int CodePointIndex(string s, int offset)
    {
        if (offset >= s.Length) return Length;
        int k = Array.BinarySearch(_crumbs, 0, (Length + Stride - 1) / Stride, offset);
        if (k < 0) k = ~k - 1;
        int cp = k * Stride;
        for (int i = _crumbs[k]; i < offset; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            cp++;
        }
        return cp;
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
