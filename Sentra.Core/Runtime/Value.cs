// The Sentra value model.
//
// A Value is a 16-byte readonly struct: a 64-bit payload and one object reference. The
// reference tells the kind. Ints, floats and bools carry a static sentinel "tag" object
// (compared by reference, so a kind test is one pointer compare) and keep their bits in the
// payload; nil is the null reference, so default(Value) is nil. Strings are .NET strings,
// and arrays, maps, functions and modules are heap objects derived from SentraObject.
// Nothing about a number ever allocates. All access goes through members so that the
// layout can change behind them (the JIT reads the same members).
//
// A string has two representations. Usually the reference is a .NET string (payload 0).
// A long string made by `+` may instead be a string being built: the reference is a
// BuiltString (its text, and from the first append on a character buffer that later
// appends write into in place) and the payload is the string's length in UTF-16 units; the
// value is that prefix of the text (BuiltString.cs). IsString is true for both and AsString
// returns the .NET string either way (making it once for a built string), so code that
// tests strings with IsString and reads them with AsString never sees the difference. Code
// must not test for strings through RawObj (`RawObj is string`): a built string's reference
// is not a string. An ordinary string passes IsString at its first type compare, as before;
// IsPlainString and AsPlainString are the one-compare and unchecked forms for the dispatch
// loop, whose inlining budget has no room for more (their callers send built strings down
// their slow paths).
using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>The kinds of Sentra values (SPEC 3.1).</summary>
public enum ValueKind : byte
{
    Nil, Bool, Int, Float, String, Array, Map, Function, Module, Undefined,
}

/// <summary>
/// The per-kind sentinels stored in <see cref="Value"/>'s reference for unboxed kinds: the
/// runtime type objects of these marker classes. .NET allocates type objects outside the
/// garbage-collected heap (on the frozen heap), so storing a tag into a heap slot (an int
/// over a function on the interpreter's stack) takes the GC write barrier's first exit: the
/// barrier only tracks references into the collected heap.
/// </summary>
internal static class TypeTag
{
    internal sealed class IntKind;
    internal sealed class FloatKind;
    internal sealed class BoolKind;
    internal sealed class UndefinedKind;

    /// <summary>The kind a tag stands for; null for anything that is not a tag.</summary>
    public static ValueKind? KindOf(object? o) =>
        ReferenceEquals(o, Value.IntTag) ? ValueKind.Int
        : ReferenceEquals(o, Value.FloatTag) ? ValueKind.Float
        : ReferenceEquals(o, Value.BoolTag) ? ValueKind.Bool
        : ReferenceEquals(o, Value.UndefinedTag) ? ValueKind.Undefined
        : null;
}

/// <summary>A Sentra value. See the file header for the representation.</summary>
public readonly partial struct Value : IEquatable<Value>
{
    internal static readonly object IntTag = typeof(TypeTag.IntKind);
    internal static readonly object FloatTag = typeof(TypeTag.FloatKind);
    internal static readonly object BoolTag = typeof(TypeTag.BoolKind);
    internal static readonly object UndefinedTag = typeof(TypeTag.UndefinedKind);

    private readonly long _bits;
    private readonly object? _obj;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Value(long bits, object? obj) { _bits = bits; _obj = obj; }

    /// <summary>A value from its two parts (for code that keeps its own copies of the tags).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Value FromRaw(long bits, object? obj) => new(bits, obj);

    public static readonly Value Nil = default;
    public static readonly Value True = new(1, BoolTag);
    public static readonly Value False = new(0, BoolTag);
    /// <summary>Marks a global slot that was never assigned (reading it is an error).</summary>
    public static readonly Value Undefined = new(0, UndefinedTag);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromInt(long v) => new(v, IntTag);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromFloat(double v) => new(BitConverter.DoubleToInt64Bits(v), FloatTag);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromBool(bool v) => new(v ? 1 : 0, BoolTag);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromString(string s) => new(0, s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromObject(SentraObject o) => new(0, o);

    public static implicit operator Value(long v) => FromInt(v);
    public static implicit operator Value(double v) => FromFloat(v);
    public static implicit operator Value(bool v) => FromBool(v);
    public static implicit operator Value(string s) => FromString(s);
    public static implicit operator Value(SentraObject o) => FromObject(o);

    public bool IsNil { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _obj is null; }
    public bool IsInt { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ReferenceEquals(_obj, IntTag); }
    public bool IsFloat { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ReferenceEquals(_obj, FloatTag); }
    public bool IsBool { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ReferenceEquals(_obj, BoolTag); }
    public bool IsNumber => IsInt || IsFloat;
    public bool IsUndefined { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ReferenceEquals(_obj, UndefinedTag); }
    /// <summary>Whether this is a string (an ordinary one or one being built; see the file header).</summary>
    public bool IsString
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            object? o = _obj;
            return o is not null && (o.GetType() == typeof(string) || o.GetType() == typeof(BuiltString));
        }
    }
    public bool IsArray { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Exact.Is<SentraArray>(_obj); }
    public bool IsMap { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Exact.Is<SentraMap>(_obj); }
    public bool IsCallable => _obj is SentraCallable;

    // The public accessors check the kind and throw InvalidCastException on another one, so a
    // host cannot read an int's bits as a float or a string as an array. The runtime reads a
    // value only after testing its kind, and uses the unchecked internal twins below.

    /// <summary>The int (an <see cref="InvalidCastException"/> for any other kind).</summary>
    public long AsInt => IsInt ? _bits : throw WrongKind("an int");
    /// <summary>The float (an <see cref="InvalidCastException"/> for any other kind; <see cref="ToDouble"/> also takes ints).</summary>
    public double AsFloat => IsFloat ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind("a float");
    /// <summary>The bool (an <see cref="InvalidCastException"/> for any other kind; see <see cref="IsTruthy"/>).</summary>
    public bool AsBool => IsBool ? _bits != 0 : throw WrongKind("a bool");
    /// <summary>The .NET string (an <see cref="InvalidCastException"/> for any other kind).</summary>
    public string AsString => IsString ? AsStringUnchecked : throw WrongKind("a string");
    /// <summary>The array (an <see cref="InvalidCastException"/> for any other kind).</summary>
    public SentraArray AsArray => IsArray ? Unsafe.As<SentraArray>(_obj!) : throw WrongKind("an array");
    /// <summary>The map (an <see cref="InvalidCastException"/> for any other kind).</summary>
    public SentraMap AsMap => IsMap ? Unsafe.As<SentraMap>(_obj!) : throw WrongKind("a map");

    private InvalidCastException WrongKind(string wanted) => new($"the value is {(Kind == ValueKind.Undefined ? "undefined" : TypeName)}, not {wanted}");

    internal long AsIntUnchecked { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _bits; }
    internal double AsFloatUnchecked { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => BitConverter.Int64BitsToDouble(_bits); }
    internal bool AsBoolUnchecked { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _bits != 0; }
    /// <summary>The .NET string of a string value (only valid when <see cref="IsString"/>).</summary>
    internal string AsStringUnchecked
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            object o = _obj!;
            return o.GetType() == typeof(string) ? Unsafe.As<string>(o) : BuiltString.Flatten(o, _bits);
        }
    }
    /// <summary>
    /// Whether this is an ordinary string (a .NET string, not one being built): one type
    /// compare, for the dispatch loop's fast paths, whose slow paths handle built strings.
    /// </summary>
    internal bool IsPlainString { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Exact.Is<string>(_obj); }

    /// <summary>
    /// The .NET string of a value known to hold an ordinary string: a string constant of a
    /// function (the compiler makes only those), or a for-in source (IterInit makes it one).
    /// No check, so the dispatch loop spends no inlining budget on it; use AsString elsewhere.
    /// </summary>
    internal string AsPlainString { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Unsafe.As<string>(_obj!); }
    internal SentraArray AsArrayUnchecked { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Unsafe.As<SentraArray>(_obj!); }
    internal SentraMap AsMapUnchecked { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Unsafe.As<SentraMap>(_obj!); }
    /// <summary>The referenced object (null for nil and for unboxed kinds; a .NET string for every string).</summary>
    public object? Obj => Exact.Is<BuiltString>(_obj) ? AsString : TypeTag.KindOf(_obj) is null ? _obj : null;
    internal object? RawObj { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _obj; }
    internal long RawBits { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _bits; }

    /// <summary>
    /// Stores src into dst. When both hold the same reference (the same kind tag for numbers
    /// and bools, or the same object) only the payload is written: no GC write barrier, which
    /// is most of the cost of moving numbers around the interpreter's stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Assign(ref Value dst, in Value src)
    {
        if (ReferenceEquals(dst._obj, src._obj)) Unsafe.AsRef(in dst._bits) = src._bits;
        else dst = src;
    }

    /// <summary>Overwrites the payload of a slot known to hold an int (no write barrier).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetIntBits(ref Value dst, long v) => Unsafe.AsRef(in dst._bits) = v;

    /// <summary>Overwrites the payload of a slot known to hold a float (no write barrier).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetFloatBits(ref Value dst, double v) => Unsafe.AsRef(in dst._bits) = BitConverter.DoubleToInt64Bits(v);

    /// <summary>The number as a double (int converted); only valid when <see cref="IsNumber"/>.</summary>
    public double ToDouble() => IsInt ? _bits : AsFloat;

    public ValueKind Kind
    {
        get
        {
            object? o = _obj;
            if (o is null) return ValueKind.Nil;
            if (Exact.Is<string>(o)) return ValueKind.String;
            if (TypeTag.KindOf(o) is { } tagged) return tagged;
            return o is SentraObject so ? so.Kind : ValueKind.Nil;
        }
    }

    /// <summary>SPEC 3.4 truthiness.</summary>
    public bool IsTruthy
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (ReferenceEquals(_obj, BoolTag)) return _bits != 0;
            if (_obj is null) return false;
            return TruthySlow();
        }
    }

    private bool TruthySlow() => _obj switch
    {
        _ when ReferenceEquals(_obj, IntTag) => _bits != 0,
        _ when ReferenceEquals(_obj, FloatTag) => AsFloat != 0.0,
        string s => s.Length != 0,
        BuiltString => _bits != 0,
        SentraArray a => a.Count != 0,
        SentraMap m => m.Count != 0,
        _ => true,
    };

    /// <summary>The SPEC 3.1 <c>type()</c> name.</summary>
    public string TypeName => TypeNameOf(Kind);

    public static string TypeNameOf(ValueKind kind) => kind switch
    {
        ValueKind.Nil => "nil",
        ValueKind.Bool => "bool",
        ValueKind.Int => "int",
        ValueKind.Float => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        ValueKind.Map => "map",
        ValueKind.Function => "function",
        ValueKind.Module => "module",
        _ => "nil",
    };

    /// <summary>Identity of the representation (not Sentra ==; see <see cref="ValueOps.Equal"/>).</summary>
    public bool Equals(Value other) => _bits == other._bits && ReferenceEquals(_obj, other._obj)
        || (IsString && other.IsString && StringOps.Span(this).SequenceEqual(StringOps.Span(other)));
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => IsString ? HashCode.Combine(0L, AsString) : HashCode.Combine(_bits, _obj);
    public override string ToString() => ValueFormatter.ToDisplayString(this);
}
