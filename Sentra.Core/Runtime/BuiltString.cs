// Strings being built by `+`.
//
// `s = s + x` on a .NET string copies all of s, so a loop of such appends is quadratic.
// When a concatenation's result reaches MinLength characters it is not a bare .NET string
// but a Value holding a BuiltString and the result's length in UTF-16 units (in the Value's
// payload): the value is the first `length` characters of the BuiltString's text.
// Characters once written are never changed, so many values can share one BuiltString,
// each seeing its own prefix. A new BuiltString is just the concatenated .NET string; the
// first append to it copies that into a character buffer of twice the size, and from then
// on `a + b` where a = (buffer, n) writes b in place when n is the buffer's current end (no
// other value has extended a yet) and the running thread created the buffer: amortized
// O(1) per appended character, like a StringBuilder. Otherwise (a second extension of the
// same prefix: `t = s + "c"; u = s + "d"`, or another thread) the result is a new
// BuiltString, which costs what an ordinary concatenation costs.
//
// Every reader sees an ordinary string: Value.IsString is true, Value.AsStringUnchecked returns the
// .NET string of the prefix (made once and cached until another prefix is asked for), and
// length, indexing, equality and ordering read the characters without making one.
using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>A growable buffer shared by string values that are prefixes of it (see the file header).</summary>
internal sealed class BuiltString : SentraObject
{
    /// <summary>
    /// Concatenations with shorter results make ordinary strings: copying them costs less than
    /// the buffer, and a chain of appends pays the copies only until it reaches this length.
    /// </summary>
    internal const int MinLength = 256;

    // the buffer; null until the first append in place, while the text is just _flat (a
    // concatenation used once costs what an ordinary one does)
    private char[]? _chars;
    // the end of the written text and its number of code points, in one field so that a
    // reader on another thread never sees one without the other: count | (codePoints << 32)
    private long _tip;
    // UTF-16 index of the first surrogate written (int.MaxValue: none); a prefix shorter
    // than it is indexed directly. Written only by the owner; it never changes once set
    private int _firstSurrogate = int.MaxValue;
    // the last prefix made into a .NET string; it stands for the prefix of its own length
    private string? _flat;
    private readonly int _owner = Environment.CurrentManagedThreadId;

    private BuiltString(string text)
    {
        _flat = text;
        long codePoints = text.Length;
        if (StringOps.HasSurrogates(text.AsSpan())) codePoints = NoteSurrogates(text, 0, codePoints);
        _tip = (uint)text.Length | (codePoints << 32);
    }

    public override ValueKind Kind => ValueKind.String;

    /// <summary>The characters of the prefix of length <paramref name="length"/>.</summary>
    internal ReadOnlySpan<char> Span(int length)
    {
        var chars = _chars;
        if (chars is not null) return new(chars, 0, length);
        // no buffer yet: the text is _flat, or (another thread's append just made the
        // buffer and a longer or shorter _flat) the buffer is there now
        var flat = _flat;
        if (flat is not null && flat.Length >= length) return flat.AsSpan(0, length);
        return new(Volatile.Read(ref _chars), 0, length);
    }

    /// <summary>The prefix of length <paramref name="length"/> as a .NET string (cached).</summary>
    internal string ToString(int length)
    {
        var flat = _flat;
        if (flat is not null && flat.Length == length) return flat;
        flat = new string(Span(length));
        _flat = flat;
        return flat;
    }

    /// <summary>Number of code points of the prefix of length <paramref name="length"/>.</summary>
    internal int CodePointLength(int length)
    {
        if (length <= _firstSurrogate) return length;
        long tip = _tip;
        if ((int)tip == length) return (int)(tip >> 32);
        return StringOps.Length(ToString(length));
    }

    /// <summary>The 1-character string at code point <paramref name="i"/> of the prefix, nil when out of range.</summary>
    internal Value CharAt(int length, long i)
    {
        if (length <= _firstSurrogate)
        {
            if ((ulong)i >= (ulong)length) return default;
            return Value.FromString(CharCache.Get(Span(length)[(int)i]));
        }
        return StringOps.CharAt(ToString(length), i);
    }

    /// <summary>a + b for a .NET string a and text b: an ordinary string when short, else a built one.</summary>
    internal static Value Concat(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        long total = (long)a.Length + b.Length;
        if (total > Limits.MaxStringLength) Throw.Error("string too large");
        RunBudget.Reserve(total * sizeof(char));
        string text = string.Concat(a, b);
        if (total < MinLength) return Value.FromString(text);
        return Value.FromRaw(total, new BuiltString(text));
    }

    /// <summary>
    /// The prefix of length <paramref name="length"/> followed by <paramref name="b"/>: written
    /// in place when this prefix is the buffer's end and this thread owns it, else copied.
    /// </summary>
    internal Value Append(int length, ReadOnlySpan<char> b)
    {
        long total = (long)length + b.Length;
        if (total > Limits.MaxStringLength) Throw.Error("string too large");
        long tip = _tip;
        if ((int)tip != length || _owner != Environment.CurrentManagedThreadId)
        {
            RunBudget.Reserve(total * sizeof(char));
            return Value.FromRaw(total, new BuiltString(string.Concat(Span(length), b)));
        }
        var chars = _chars;
        if (chars is null || total > chars.Length) chars = Grow(length, (int)total);
        b.CopyTo(chars.AsSpan(length));
        long codePoints = (tip >> 32) + b.Length;
        if (StringOps.HasSurrogates(b)) codePoints = NoteSurrogates(chars.AsSpan(0, (int)total), length, codePoints);
        _tip = total | (codePoints << 32); // total >= 0: no sign extension
        return Value.FromRaw(total, this);
    }

    /// <summary>
    /// Records the first surrogate of text[at..] and corrects the code-point count of text:
    /// each pair counts once, also a pair split across two appends.
    /// </summary>
    private long NoteSurrogates(ReadOnlySpan<char> text, int at, long codePoints)
    {
        if (_firstSurrogate == int.MaxValue)
        {
            for (int i = at; i < text.Length; i++)
            {
                if (char.IsSurrogate(text[i])) { _firstSurrogate = i; break; }
            }
        }
        int start = at > 0 && char.IsHighSurrogate(text[at - 1]) ? at - 1 : at;
        for (int i = start; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                codePoints--;
                i++;
            }
        }
        return codePoints;
    }

    // a buffer with room for `needed` characters (twice that: appends double it), holding
    // the text written so far
    private char[] Grow(int length, int needed)
    {
        long size = Math.Min((long)needed * 2, Limits.MaxStringLength);
        RunBudget.Reserve(size * sizeof(char));
        var bigger = new char[size];
        Span(length).CopyTo(bigger);
        Volatile.Write(ref _chars, bigger);
        return bigger;
    }

    /// <summary>The .NET string of a value whose reference is a BuiltString (Value.AsStringUnchecked's slow path).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string Flatten(object buffer, long length) => Unsafe.As<BuiltString>(buffer).ToString((int)length);
}
