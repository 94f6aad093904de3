// Conversions between Sentra values and .NET objects, for hosts. They are checked: a value of
// the wrong kind is an InvalidCastException and a number out of the target's range an
// OverflowException, never a reinterpretation of the bits. (The As* accessors are the
// interpreter's unchecked ones: they trust a kind test made before them.)
//
// .NET to Sentra: null is nil; bool; every integer type is an int (a ulong above
// long.MaxValue overflows); float, double and decimal are floats; string and char are
// strings; a dictionary is a map (keys through their invariant text); any other sequence is an
// array; a delegate is a host function (HostFunction); a Value or a SentraObject is itself.
// Sentra to .NET (ToObject): nil is null, int is long, float is double, bool, string, an array
// is a List<object?>, a map a Dictionary<string, object?>, functions and modules stay Sentra
// objects. To<T> converts to a named type: numbers, bool, string, arrays and lists of T,
// dictionaries of string to T, nullable types, Value and object.
using System.Collections;
using System.Globalization;

namespace Sentra.Runtime;

public readonly partial struct Value
{
    /// <summary>
    /// The Sentra value of a .NET object (see the file header for the mapping). Sequences and
    /// dictionaries are copied; a graph that contains itself keeps its cycles.
    /// </summary>
    /// <exception cref="ArgumentException">The object has no Sentra counterpart.</exception>
    /// <exception cref="OverflowException">An unsigned integer above <see cref="long.MaxValue"/>.</exception>
    public static Value From(object? value) => ValueConverter.FromObject(value, null);

    /// <summary>
    /// The .NET object of this value: nil is null, int <see cref="long"/>, float
    /// <see cref="double"/>, bool, string, an array a <see cref="List{T}"/> of objects, a map a
    /// <see cref="Dictionary{TKey, TValue}"/> of string to object (in the map's order);
    /// functions and modules are their Sentra objects.
    /// </summary>
    public object? ToObject() => ValueConverter.ToObject(this, typeof(object), null);

    /// <summary>Converts to <typeparamref name="T"/> (see <see cref="ToObject(Type)"/>).</summary>
    public T To<T>() => (T)ValueConverter.ToObject(this, typeof(T), null)!;

    /// <summary>
    /// Converts to <paramref name="type"/>: any integer type from an int, a floating type from
    /// any number, bool, string, arrays, lists and sequences of a convertible type from an
    /// array, dictionaries and read-only dictionaries of string to a convertible type from a
    /// map, a nullable type (nil is null), <see cref="Value"/> itself and <see cref="object"/>
    /// (as <see cref="ToObject()"/>).
    /// </summary>
    /// <exception cref="InvalidCastException">The value is of another kind.</exception>
    /// <exception cref="OverflowException">An int that does not fit the integer type.</exception>
    public object? ToObject(Type type) => ValueConverter.ToObject(this, type, null);

    /// <summary>The int this value holds; <see cref="InvalidCastException"/> for any other kind.</summary>
    public long ToInt64() => IsInt ? _bits : throw ValueConverter.CastError(this, typeof(long));

    /// <summary>The number this value holds (an int widened); <see cref="InvalidCastException"/> for any other kind.</summary>
    public double ToNumber() => IsInt ? _bits : IsFloat ? AsFloat : throw ValueConverter.CastError(this, typeof(double));

    /// <summary>The bool this value holds; <see cref="InvalidCastException"/> for any other kind.</summary>
    public bool ToBoolean() => IsBool ? _bits != 0 : throw ValueConverter.CastError(this, typeof(bool));
}

/// <summary>The conversions behind <see cref="Value.From"/> and <see cref="Value.ToObject()"/>.</summary>
internal static class ValueConverter
{
    public static InvalidCastException CastError(Value v, Type type) =>
        new($"cannot convert a Sentra {v.TypeName} to {type.Name}");

    public static Value FromObject(object? o, Dictionary<object, SentraObject>? seen)
    {
        switch (o)
        {
            case null: return default;
            case Value v: return v;
            case SentraObject so: return Value.FromObject(so);
            case string s: return Value.FromString(s);
            case char c: return Value.FromString(c.ToString());
            case bool b: return Value.FromBool(b);
            case int i: return Value.FromInt(i);
            case long l: return Value.FromInt(l);
            case short i16: return Value.FromInt(i16);
            case sbyte i8: return Value.FromInt(i8);
            case byte u8: return Value.FromInt(u8);
            case ushort u16: return Value.FromInt(u16);
            case uint u32: return Value.FromInt(u32);
            case ulong u64: return Value.FromInt(checked((long)u64));
            case double d: return Value.FromFloat(d);
            case float f: return Value.FromFloat(f);
            case decimal m: return Value.FromFloat((double)m);
            case Delegate d: return Value.FromObject(HostFunction.Create(d.Method.Name, d));
        }
        seen ??= new Dictionary<object, SentraObject>(ReferenceEqualityComparer.Instance);
        if (seen.TryGetValue(o, out var done)) return Value.FromObject(done);
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (o is IDictionary dict)
        {
            var map = new SentraMap(dict.Count);
            seen[o] = map;
            foreach (DictionaryEntry e in dict)
                map.Set(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "", FromObject(e.Value, seen));
            return Value.FromObject(map);
        }
        if (o is IEnumerable seq)
        {
            var arr = new SentraArray();
            seen[o] = arr;
            foreach (var item in seq) arr.Add(FromObject(item, seen));
            return Value.FromObject(arr);
        }
        throw new ArgumentException($"a {o.GetType().Name} has no Sentra value: pass numbers, bools, strings, sequences, dictionaries or delegates", nameof(o));
    }

    public static object? ToObject(Value v, Type type, Dictionary<object, object>? seen)
    {
        if (type == typeof(Value)) return v;
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return v.IsNil ? null : ToObject(v, inner, seen);
        if (v.IsNil)
            return type.IsValueType ? throw CastError(v, type) : null;
        if (type == typeof(object)) return Natural(v, seen);
        if (v.IsInt)
        {
            long x = v.AsIntUnchecked;
            if (type == typeof(long)) return x;
            if (type == typeof(int)) return checked((int)x);
            if (type == typeof(double)) return (double)x;
            if (type == typeof(float)) return (float)x;
            if (type == typeof(decimal)) return (decimal)x;
            if (type == typeof(short)) return checked((short)x);
            if (type == typeof(byte)) return checked((byte)x);
            if (type == typeof(sbyte)) return checked((sbyte)x);
            if (type == typeof(ushort)) return checked((ushort)x);
            if (type == typeof(uint)) return checked((uint)x);
            if (type == typeof(ulong)) return checked((ulong)x);
            throw CastError(v, type);
        }
        if (v.IsFloat)
        {
            double d = v.AsFloatUnchecked;
            if (type == typeof(double)) return d;
            if (type == typeof(float)) return (float)d;
            if (type == typeof(decimal)) return (decimal)d;
            throw CastError(v, type);
        }
        if (v.IsBool) return type == typeof(bool) ? v.AsBoolUnchecked : throw CastError(v, type);
        if (v.IsString)
        {
            if (type == typeof(string)) return v.AsStringUnchecked;
            if (type == typeof(char) && v.AsStringUnchecked.Length == 1) return v.AsStringUnchecked[0];
            throw CastError(v, type);
        }
        var obj = v.Obj!;
        if (type.IsInstanceOfType(obj)) return obj;
        // an array or map met again on the way down: its cycle stays a cycle
        if (seen is not null && seen.TryGetValue(obj, out var done) && type.IsInstanceOfType(done)) return done;
        if (obj is SentraArray arr && ElementTypeOfList(type) is { } element) return ToList(arr, type, element, seen);
        if (obj is SentraMap map && ValueTypeOfDictionary(type) is { } valueType) return ToDictionary(map, valueType, seen);
        throw CastError(v, type);
    }

    private static object? Natural(Value v, Dictionary<object, object>? seen)
    {
        if (v.IsInt) return v.AsIntUnchecked;
        if (v.IsFloat) return v.AsFloatUnchecked;
        if (v.IsBool) return v.AsBoolUnchecked;
        if (v.IsString) return v.AsStringUnchecked;
        if (seen is not null && v.Obj is { } o && seen.TryGetValue(o, out var done)) return done;
        if (v.IsArray) return ToList(v.AsArrayUnchecked, typeof(List<object?>), typeof(object), seen);
        if (v.IsMap) return ToDictionary(v.AsMapUnchecked, typeof(object), seen);
        return v.Obj;
    }

    /// <summary>The element type when <paramref name="type"/> is an array or a list a <see cref="List{T}"/> can stand for.</summary>
    private static Type? ElementTypeOfList(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var def = type.GetGenericTypeDefinition();
        return def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IReadOnlyList<>) || def == typeof(ICollection<>)
            || def == typeof(IReadOnlyCollection<>) || def == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0] : null;
    }

    /// <summary>The value type when <paramref name="type"/> is a string-keyed dictionary a <see cref="Dictionary{TKey, TValue}"/> can stand for.</summary>
    private static Type? ValueTypeOfDictionary(Type type)
    {
        if (!type.IsGenericType) return null;
        var def = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        return (def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>) || def == typeof(IReadOnlyDictionary<,>)) && args[0] == typeof(string)
            ? args[1] : null;
    }

    private static object ToList(SentraArray arr, Type type, Type element, Dictionary<object, object>? seen)
    {
        // nesting as deep as the stack allows; deeper is an exception, never a crash
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        seen ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        if (type.IsArray)
        {
            var result = Array.CreateInstance(element, arr.Count);
            seen[arr] = result;
            for (int i = 0; i < arr.Count; i++) result.SetValue(ToObject(arr[i], element, seen), i);
            return result;
        }
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element), arr.Count)!;
        seen[arr] = list;
        for (int i = 0; i < arr.Count; i++) list.Add(ToObject(arr[i], element, seen));
        return list;
    }

    private static object ToDictionary(SentraMap map, Type valueType, Dictionary<object, object>? seen)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        seen ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), map.Count)!;
        seen[map] = dict;
        foreach (var kv in map.Entries) dict[kv.Key] = ToObject(kv.Value, valueType, seen);
        return dict;
    }
}
