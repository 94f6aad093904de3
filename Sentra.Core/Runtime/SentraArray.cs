using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>A Sentra array: a growable vector of values, shared by reference (SPEC 3.7.1).</summary>
public sealed class SentraArray : SentraObject
{
    private Value[] _items;
    private int _count;

    public SentraArray() => _items = [];
    public SentraArray(int capacity) => _items = capacity == 0 ? [] : new Value[capacity];
    /// <summary>
    /// n copies of v. The copies double by block copies (one card-marking pass per block)
    /// instead of n element stores that each pay a GC write barrier; nil needs no writes.
    /// </summary>
    public static SentraArray Filled(int n, Value v)
    {
        var arr = new SentraArray(n) { _count = n };
        if (n == 0 || v.IsNil) return arr;
        var items = arr._items.AsSpan(0, n);
        items[0] = v;
        for (int done = 1; done < n; done *= 2)
            items[..Math.Min(done, n - done)].CopyTo(items[done..]);
        return arr;
    }

    public SentraArray(ReadOnlySpan<Value> items)
    {
        _items = items.ToArray();
        _count = items.Length;
    }
    public SentraArray(List<Value> items) : this(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items)) { }

    public override ValueKind Kind => ValueKind.Array;
    public int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _count; }
    /// <summary>The live elements; invalidated by any operation that changes the length.</summary>
    public Span<Value> Items => _items.AsSpan(0, _count);

    public Value this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _items[index];
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => _items[index] = value;
    }

    /// <summary>A reference to element i (0 &lt;= i &lt; Count, checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Value RefAt(int i) => ref _items[i];

    /// <summary>Reads element i, nil when out of range (SPEC 3.7.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value Get(long i) => (ulong)i < (ulong)_count ? _items[i] : default;

    /// <summary>Writes element i, extending with nils when i &gt;= Count. i must be &gt;= 0.</summary>
    public void Set(long i, Value v)
    {
        if ((ulong)i < (ulong)_count) { _items[i] = v; return; }
        if (i >= int.MaxValue - 1) throw new SentraRuntimeException("array too large");
        int n = (int)i + 1;
        Grow(n);
        _count = n;
        _items[i] = v;
    }

    public void Add(Value v)
    {
        if (_count == _items.Length) Grow(_count + 1);
        _items[_count++] = v;
    }

    public void Insert(int index, Value v)
    {
        if (_count == _items.Length) Grow(_count + 1);
        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = v;
        _count++;
    }

    public Value RemoveAt(int index)
    {
        Value v = _items[index];
        _count--;
        Array.Copy(_items, index + 1, _items, index, _count - index);
        _items[_count] = default;
        return v;
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    public void AddRange(ReadOnlySpan<Value> values)
    {
        if (_count + values.Length > _items.Length) Grow(_count + values.Length);
        values.CopyTo(_items.AsSpan(_count));
        _count += values.Length;
    }

    private void Grow(int min)
    {
        if (min > Limits.MaxArrayLength) throw new SentraRuntimeException("array too large");
        int cap = Math.Max(min, _items.Length == 0 ? 4 : _items.Length * 2);
        if (cap > Limits.MaxArrayLength) cap = min;
        Array.Resize(ref _items, cap);
    }
}

/// <summary>Hard limits that protect the host process.</summary>
public static class Limits
{
    /// <summary>Largest array a script may build.</summary>
    public const int MaxArrayLength = 1 << 28;
    /// <summary>Largest string (in UTF-16 code units) a script may build.</summary>
    public const int MaxStringLength = 1 << 29;
    /// <summary>SPEC 3.10: the number of active Sentra calls.</summary>
    public const int MaxCallDepth = 10_000;
}
