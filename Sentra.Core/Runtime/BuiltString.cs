// Strings being built by `+`.
//
// `s = s + x` on a .NET string copies all of s, so a loop of such appends is quadratic.
// When a concatenation's result reaches MinLength characters it is not a .NET string but a
// Value holding a BuiltString (a growable character buffer) and the result's length in
// UTF-16 units (in the Value's payload): the value is the first `length` characters of the
// buffer. Characters once written are never changed, so many values can share one buffer,
// each seeing its own prefix. `a + b` where a = (buffer, n) writes b in place when n is the
// buffer's current end (no other value has extended a yet) and the running thread owns the
// buffer: amortized O(1) per appended character, like a StringBuilder. Otherwise (a second
// extension of the same prefix: `t = s + "c"; u = s + "d"`, or another thread) the prefix
// is copied to a new buffer, which costs what an ordinary concatenation costs.
//
// Every reader sees an ordinary string: Value.IsString is true, Value.AsString returns the
// .NET string of the prefix (made once and cached until a longer prefix is asked for), and
// length, indexing, equality and ordering read the buffer directly without making one.
using System.Runtime.CompilerServices;
using System.Text;

namespace Sentra.Runtime;

/// <summary>A growable buffer shared by string values that are prefixes of it (see the file header).</summary>
internal sealed class BuiltString : SentraObject
{
    /// <summary>
    /// Concatenations with shorter results make ordinary strings: copying them costs less than
    /// the buffer, and a chain of appends pays the copies only until it reaches this length.
    /// </summary>
    internal const int MinLength = 256;

    private char[] _chars;
    // the end of the written text and its number of code points, in one field so that a
    // reader on another thread never sees one without the other: count | (codePoints << 32)
    private long _tip;
    // UTF-16 index of the first surrogate written (int.MaxValue: none); a prefix shorter
    // than it is indexed directly. Written only by the owner, never decreases below a
    // prefix a value holds
    private int _firstSurrogate = int.MaxValue;
    // the last prefix made into a .NET string; it stands for the prefix of its own length
    private string? _flat;
    private readonly int _owner = Environment.CurrentManagedThreadId;

    private BuiltString(int capacity) => _chars = new char[capacity];

    public override ValueKind Kind => ValueKind.String;

    /// <summary>The characters of the prefix of length <paramref name="length"/>.</summary>
    internal ReadOnlySpan<char> Span(int length) => new(_chars, 0, length);

    /// <summary>The prefix of length <paramref name="length"/> as a .NET string (cached).</summary>
    internal string ToString(int length)
    {
        var flat = _flat;
        if (flat is not null && flat.Length == length) return flat;
        flat = new string(_chars, 0, length);
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
            return Value.FromString(CharCache.Get(_chars[i]));
        }
        return StringOps.CharAt(ToString(length), i);
    }

    /// <summary>a + b for a .NET string a and text b: an ordinary string when short, else a new buffer.</summary>
    internal static Value Concat(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        long total = (long)a.Length + b.Length;
        if (total > Limits.MaxStringLength) Throw.Error("string too large");
        if (total < MinLength) return Value.FromString(string.Concat(a, b));
        return Start(a, b, Capacity(total * 2));
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
            return Start(Span(length), b, Capacity(total + total / 2));
        if (total > _chars.Length) Grow((int)total);
        b.CopyTo(_chars.AsSpan(length));
        long codePoints = (tip >> 32) + b.Length;
        if (StringOps.HasSurrogates(b)) codePoints = NoteSurrogates(length, b, codePoints);
        _tip = total | (codePoints << 32); // total >= 0
        return Value.FromRaw(total, this);
    }

    /// <summary>
    /// Records the first surrogate of b (written at <paramref name="at"/>) and corrects the
    /// code-point count: each pair counts once, also a pair split across two appends.
    /// </summary>
    private long NoteSurrogates(int at, ReadOnlySpan<char> b, long codePoints)
    {
        if (_firstSurrogate == int.MaxValue)
        {
            for (int i = 0; i < b.Length; i++)
            {
                if (char.IsSurrogate(b[i])) { _firstSurrogate = at + i; break; }
            }
        }
        int start = at > 0 && char.IsHighSurrogate(_chars[at - 1]) ? at - 1 : at;
        int end = at + b.Length;
        for (int i = start; i + 1 < end; i++)
        {
            if (char.IsHighSurrogate(_chars[i]) && char.IsLowSurrogate(_chars[i + 1]))
            {
                codePoints--;
                i++;
            }
        }
        return codePoints;
    }

    private static Value Start(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int capacity)
    {
        var buf = new BuiltString(capacity);
        a.CopyTo(buf._chars);
        long codePoints = a.Length;
        if (StringOps.HasSurrogates(a)) codePoints = buf.NoteSurrogates(0, a, codePoints);
        buf._tip = (uint)a.Length | (codePoints << 32);
        return buf.Append(a.Length, b);
    }

    private void Grow(int needed)
    {
        var bigger = new char[Capacity(Math.Max((long)needed, (long)_chars.Length * 2))];
        _chars.AsSpan(0, (int)_tip).CopyTo(bigger);
        _chars = bigger;
    }

    private static int Capacity(long wanted) => (int)Math.Min(wanted, Limits.MaxStringLength);

    /// <summary>The .NET string of a value whose reference is a BuiltString (Value.AsString's slow path).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string Flatten(object buffer, long length) => Unsafe.As<BuiltString>(buffer).ToString((int)length);

    /// <summary>Appends the prefix of length <paramref name="length"/> to a StringBuilder without making a string.</summary>
    internal void AppendTo(StringBuilder sb, int length) => sb.Append(_chars, 0, length);
}
