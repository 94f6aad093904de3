// SPEC 4.2.3 string builtins, with code-point positions (SPEC 3.3). "string" parameters
// accept any value through str() (SPEC 4.1); contains/index_of/slice also take arrays.
using System.Globalization;
using System.Text;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>String builtins (SPEC 4.2.3).</summary>
internal static class StringBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("upper", 1, 1, static (_, a) => Value.FromString(Scanned(Args.Str(a, 0)).ToUpperInvariant()));
        t.Add("lower", 1, 1, static (_, a) => Value.FromString(Scanned(Args.Str(a, 0)).ToLowerInvariant()));
        t.Add("trim", 1, 1, static (_, a) => Value.FromString(Args.Str(a, 0).Trim()));
        t.Add("string_trim", 1, 2, StringTrim);
        t.Add("split", 2, 2, Split);
        t.Alias("split_string", "split");
        t.Add("join", 2, 2, Join);
        t.Alias("join_strings", "join");
        t.Add("replace", 3, 3, Replace);
        t.Alias("string_replace", "replace");
        t.Add("contains", 2, 2, Contains);
        t.Add("string_contains", 2, 2, static (_, a) => Value.FromBool(Scanned(Args.Str(a, 0)).Contains(Args.Str(a, 1), StringComparison.Ordinal)));
        t.Add("startswith", 2, 2, StartsWith);
        t.Add("endswith", 2, 2, EndsWith);
        t.Alias("starts_with", "startswith");
        t.Alias("ends_with", "endswith");
        t.Alias("string_starts_with", "startswith");
        t.Alias("string_ends_with", "endswith");
        t.Add("index_of", 2, 2, IndexOf);
        t.Add("string_index", 2, 2, static (_, a) => Value.FromInt(StringIndex(Scanned(Args.Str(a, 0)), Args.Str(a, 1))));
        t.Add("char_at", 2, 2, CharAt);
        t.Add("slice", 2, 3, Slice);
        t.Add("substring", 3, 3, Substring);
        t.Add("char", 1, 1, Char);
        t.Add("byte_at", 2, 2, ByteAt);
        t.Add("string_to_bytes", 1, 1, StringToBytes);
        t.Add("bytes_to_string", 1, 1, BytesToString);
        t.Add("int_to_hex", 1, 1, IntToHex);
        t.Add("hex_to_int", 1, 1, static (_, a) => Value.FromInt(GoScan.Int(Args.Str(a, 0), 16, allowHexPrefix: true)));
        t.Add("byte_to_hex", 1, 1, static (_, a) =>
            Args.TryInt(a, 0, out long b) ? Value.FromString((b & 0xFF).ToString("x2", CultureInfo.InvariantCulture)) : Args.ExpectsNumber("byte_to_hex"));
        t.Add("is_alphanumeric", 1, 1, static (_, a) =>
        {
            string s = Args.Str(a, 0);
            return Value.FromBool(s.Length > 0 && char.IsAsciiLetterOrDigit(s[0]));
        });
    }

    /// <summary>A string a builtin scans from end to end: its length counts as work against the run's time budget.</summary>
    private static string Scanned(string s)
    {
        RunBudget.Charge(s.Length);
        return s;
    }

    private static void CheckLength(long length)
    {
        if (length > Limits.MaxStringLength) Throw.Error("string too large");
        RunBudget.Reserve(length * sizeof(char));
    }

    // ---- trimming, splitting, joining, replacing ---------------------------------------

    /// <summary>Go strings.TrimSpace, or strings.Trim(s, cutset) by code points.</summary>
    private static Value StringTrim(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string s = Args.Str(a, 0);
        if (a.Length < 2) return Value.FromString(s.Trim());
        string cutset = Args.Str(a, 1);
        if (s.Length == 0 || cutset.Length == 0) return Value.FromString(s);
        if (!StringOps.HasSurrogates(cutset) && !StringOps.HasSurrogates(s)) return Value.FromString(s.Trim(cutset.ToCharArray()));
        var set = new HashSet<int>();
        foreach (var r in cutset.EnumerateRunes()) set.Add(r.Value);
        int start = 0, end = s.Length;
        while (start < end)
        {
            Rune.DecodeFromUtf16(s.AsSpan(start, end - start), out var r, out int n);
            if (!set.Contains(r.Value)) break;
            start += n;
        }
        while (end > start)
        {
            Rune.DecodeLastFromUtf16(s.AsSpan(start, end - start), out var r, out int n);
            if (!set.Contains(r.Value)) break;
            end -= n;
        }
        return Value.FromString(s[start..end]);
    }

    /// <summary>Go strings.Split: "" separator splits into characters; no limit.</summary>
    private static Value Split(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string s = Scanned(Args.Str(a, 0)), sep = Args.Str(a, 1);
        if (sep.Length == 0)
        {
            var chars = new SentraArray(Math.Min(s.Length, 1 << 16));
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    chars.Add(Value.FromString(s.Substring(i, 2)));
                    i++;
                }
                else chars.Add(Value.FromString(CharCache.Get(s[i])));
            }
            return chars;
        }
        // one vectorized pass counts the pieces, so the array is allocated at its final size
        var span = s.AsSpan();
        var result = new SentraArray(span.Count(sep.AsSpan()) + 1);
        int start = 0;
        while (true)
        {
            int idx = sep.Length == 1 ? span[start..].IndexOf(sep[0]) : span[start..].IndexOf(sep.AsSpan());
            if (idx < 0) break;
            result.Add(Value.FromString(Piece(s, start, idx)));
            start += idx + sep.Length;
        }
        result.Add(Value.FromString(start == 0 ? s : Piece(s, start, s.Length - start)));
        return result;
    }

    /// <summary>s[start..start+length]; one-character pieces come from the shared cache (no allocation).</summary>
    private static string Piece(string s, int start, int length) =>
        length == 1 ? CharCache.Get(s[start]) : s.Substring(start, length);

    private static Value Join(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraArray arr) return BuiltinError.Of("join expects array as first argument");
        int n = arr.Count;
        if (n == 0) return Value.FromString("");
        if (n == 1 && arr[0].IsString) return arr[0];
        string sep = Args.Str(a, 1);
        // all strings (the common case): the exact length first, then one allocation
        long total = (long)sep.Length * (n - 1);
        for (int i = 0; i < n; i++)
        {
            if (arr[i].IsString) total += StringOps.Span(arr[i]).Length;
            else { total = -1; break; }
        }
        if (total >= 0)
        {
            CheckLength(total);
            RunBudget.Charge(n);
            return Value.FromString(string.Create((int)total, (arr, sep), static (dst, state) =>
            {
                var (items, separator) = state;
                int at = 0;
                for (int i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        separator.CopyTo(dst[at..]);
                        at += separator.Length;
                    }
                    var part = StringOps.Span(items[i]);
                    part.CopyTo(dst[at..]);
                    at += part.Length;
                }
            }));
        }
        var sb = Pools.StringBuilders.Get();
        try
        {
            for (int i = 0; i < arr.Count; i++)
            {
                if (i > 0) sb.Append(sep);
                CoreBuiltins.AppendDisplay(sb, arr[i]);
                if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
                RunBudget.Charge(1);
            }
            return Value.FromString(sb.ToString());
        }
        finally { Pools.StringBuilders.Return(sb); }
    }

    /// <summary>Go strings.ReplaceAll (empty old inserts before every character and at the end).</summary>
    private static Value Replace(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string s = Scanned(Args.Str(a, 0)), old = Args.Str(a, 1), repl = Args.Str(a, 2);
        if (old.Length == 0)
        {
            int cps = StringOps.Length(s);
            CheckLength(s.Length + (long)(cps + 1) * repl.Length);
            var sb = new StringBuilder(s.Length + (cps + 1) * repl.Length);
            for (int i = 0; i < s.Length; i++)
            {
                sb.Append(repl).Append(s[i]);
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(s[++i]);
            }
            sb.Append(repl);
            return Value.FromString(sb.ToString());
        }
        if (repl.Length > old.Length)
        {
            long count = 0;
            for (int i = s.IndexOf(old, StringComparison.Ordinal); i >= 0; i = s.IndexOf(old, i + old.Length, StringComparison.Ordinal)) count++;
            CheckLength(s.Length + count * (repl.Length - old.Length));
        }
        return Value.FromString(s.Replace(old, repl, StringComparison.Ordinal));
    }

    // ---- searching -------------------------------------------------------------------------

    /// <summary>PROPOSED: array → element ==; map → has_key; otherwise substring test.</summary>
    private static Value Contains(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var o = a[0].RawObj;
        if (Exact.As<SentraArray>(o) is { } arr)
        {
            var y = a[1];
            RunBudget.Charge(arr.Count);
            for (int i = 0; i < arr.Count; i++)
                if (ValueOps.Equal(arr[i], y)) return Value.True;
            return Value.False;
        }
        if (Exact.As<SentraMap>(o) is { } m) return Value.FromBool(ValueOps.HasKey(m, a[1]));
        return Value.FromBool(Scanned(Args.Str(a, 0)).Contains(Args.Str(a, 1), StringComparison.Ordinal));
    }

    private static Value StartsWith(IRuntime rt, ReadOnlySpan<Value> a) =>
        Value.FromBool(Args.Str(a, 0).StartsWith(Args.Str(a, 1), StringComparison.Ordinal));

    private static Value EndsWith(IRuntime rt, ReadOnlySpan<Value> a) =>
        Value.FromBool(Args.Str(a, 0).EndsWith(Args.Str(a, 1), StringComparison.Ordinal));

    /// <summary>PROPOSED: array → index of the first element ==, else code-point position of the substring.</summary>
    private static Value IndexOf(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is { } arr)
        {
            var y = a[1];
            RunBudget.Charge(arr.Count);
            for (int i = 0; i < arr.Count; i++)
                if (ValueOps.Equal(arr[i], y)) return Value.FromInt(i);
            return Value.FromInt(-1);
        }
        return Value.FromInt(StringIndex(Scanned(Args.Str(a, 0)), Args.Str(a, 1)));
    }

    private static int StringIndex(string s, string sub)
    {
        int idx = s.IndexOf(sub, StringComparison.Ordinal);
        return idx <= 0 ? idx : StringOps.CodePointIndex(s, idx);
    }

    // ---- positions (code points) ----------------------------------------------------------

    private static Value CharAt(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string s = Args.Str(a, 0);
        if (!Args.TryInt(a, 1, out long i)) return Args.ExpectsNumber("char_at");
        var c = StringOps.CharAt(s, i);
        return c.IsNil ? Value.FromString("") : c;
    }

    /// <summary>slice(x, start, end?): strings and (PROPOSED) arrays; start out of range → empty.</summary>
    private static Value Slice(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 1, out long start)) return Args.ExpectsNumber("slice");
        bool hasEnd = a.Length > 2 && !a[2].IsNil;
        long end = long.MaxValue;
        if (hasEnd && !Args.TryInt(a, 2, out end)) return Args.ExpectsNumber("slice");
        if (Exact.As<SentraArray>(a[0].RawObj) is { } arr)
        {
            int n = arr.Count;
            if (start < 0 || start >= n) return new SentraArray();
            end = Math.Clamp(end, start, n);
            return arr.Slice((int)start, (int)(end - start));
        }
        string s = Args.Str(a, 0);
        int len = StringOps.Length(s);
        if (start < 0 || start >= len) return Value.FromString("");
        end = Math.Clamp(end, start, len);
        if (start == 0 && end == len) return Value.FromString(s);
        return Value.FromString(StringOps.Sub(s, (int)start, (int)end));
    }

    /// <summary>Go string_substring: start &lt; 0 → 0, end &gt; len → len, start &gt; end → "".</summary>
    private static Value Substring(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string s = Args.Str(a, 0);
        if (!Args.TryInt(a, 1, out long start)) return Args.ExpectsNumber("substring");
        if (!Args.TryInt(a, 2, out long end)) return Args.ExpectsNumber("substring");
        int len = StringOps.Length(s);
        if (start < 0) start = 0;
        if (end > len) end = len;
        if (start >= end) return Value.FromString("");
        return Value.FromString(StringOps.Sub(s, (int)start, (int)end));
    }

    /// <summary>Go string(rune(code)): invalid code points give U+FFFD.</summary>
    private static Value Char(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 0, out long c)) return Args.ExpectsNumber("char");
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return Value.FromString("\uFFFD");
        if (c < 0x10000) return Value.FromString(CharCache.Get((char)c));
        return Value.FromString(char.ConvertFromUtf32((int)c));
    }

    // ---- bytes and hex ----------------------------------------------------------------------

    /// <summary>The UTF-8 byte at byte offset i, -1 when out of range.</summary>
    private static Value ByteAt(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string s = Args.Str(a, 0);
        if (!Args.TryInt(a, 1, out long i)) return Args.ExpectsNumber("byte_at");
        if (i < 0) return Value.FromInt(-1);
        byte[]? bytes = Utf8Of(s);
        if (bytes is null) return Value.FromInt(i < s.Length ? s[(int)i] : -1);
        return Value.FromInt(i < bytes.Length ? bytes[i] : -1);
    }

    // the last string byte_at read on this thread and its UTF-8 bytes (null: ASCII, the
    // string's own characters): a loop of byte_at over one string encodes it once, not at
    // every call
    [ThreadStatic] private static string? t_bytesOf;
    [ThreadStatic] private static byte[]? t_bytes;

    private static byte[]? Utf8Of(string s)
    {
        if (ReferenceEquals(s, t_bytesOf)) return t_bytes;
        byte[]? bytes = Ascii.IsValid(s) ? null : Encoding.UTF8.GetBytes(s);
        t_bytesOf = s;
        t_bytes = bytes;
        return bytes;
    }

    private static Value StringToBytes(IRuntime rt, ReadOnlySpan<Value> a)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Args.Str(a, 0));
        var arr = new SentraArray(bytes.Length);
        foreach (byte b in bytes) arr.Add(Value.FromInt(b));
        return arr;
    }

    /// <summary>Each element's low byte (numbers truncated), decoded as UTF-8 (invalid → U+FFFD).</summary>
    private static Value BytesToString(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("bytes_to_string expects array");
        var bytes = new byte[arr.Count];
        for (int i = 0; i < bytes.Length; i++)
        {
            var v = arr[i];
            long n;
            if (v.IsInt) n = v.AsIntUnchecked;
            else if (v.IsFloat) n = double.IsNaN(v.AsFloatUnchecked) ? 0 : (long)Math.Clamp(Math.Truncate(v.AsFloatUnchecked), long.MinValue, long.MaxValue);
            else return BuiltinError.Of("bytes_to_string expects array of numbers");
            bytes[i] = (byte)n;
        }
        return Value.FromString(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Go %x of an int64: lowercase, '-' sign for negatives.</summary>
    private static Value IntToHex(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 0, out long n)) return Args.ExpectsNumber("int_to_hex");
        if (n >= 0) return Value.FromString(n.ToString("x", CultureInfo.InvariantCulture));
        ulong mag = (ulong)(-(n + 1)) + 1;
        return Value.FromString("-" + mag.ToString("x", CultureInfo.InvariantCulture));
    }
}
