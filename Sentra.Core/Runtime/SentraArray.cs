using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>
/// A Sentra array: a growable vector of values, shared by reference (SPEC 3.7.1).
///
/// The elements live in one of five kinds of storage (what PyPy calls list strategies and V8
/// elements kinds), chosen by what the array holds:
/// <list type="bullet">
/// <item><c>Value[]</c>: any values, 16 bytes each (the general case);</item>
/// <item><c>long[]</c>: every element an int, 8 bytes each;</item>
/// <item><c>double[]</c>: every element a float, 8 bytes each;</item>
/// <item><c>bool[]</c>: every element a bool, 1 byte each;</item>
/// <item>none (the array itself stands in for its storage): every element nil.</item>
/// </list>
/// An array is packed when everything it is created with shares one of those kinds
/// (<c>fill</c>, <c>range</c>, a result of <c>map</c> or <c>filter</c>, a literal of nils
/// such as <c>[nil, nil]</c>, or an empty array whose first element is an int, float or
/// bool), and turns general for good when a value of another kind is stored into it. Packing
/// halves (or, for bools, divides by 16; for nils, saves entirely) the memory an array
/// touches, and on this project's machines fresh memory is the dominant cost of
/// allocation-heavy scripts (docs/performance.md, "Packed arrays"). Nothing observable changes:
/// an element reads back as the same value in either storage.
///
/// An array used as a queue (<c>shift</c> or <c>remove(a, 0)</c>, <c>unshift</c>) wraps its
/// storage in a <see cref="Window"/>: its elements start at an offset into the storage, so
/// taking the first element or adding one in front moves nothing, and these are amortized
/// O(1) as in JavaScript engines instead of a copy of the whole array each. The inline
/// element accesses of the interpreter and the JIT test the storage's exact type, which a
/// window is not, so they take their out-of-line paths for such an array (which read
/// through the window); an operation that needs the elements at offset 0 moves them there
/// first (<see cref="Unwindow"/>), and the array is an ordinary one again.
/// </summary>
public sealed class SentraArray : SentraObject
{
    /// <summary>
    /// Value[], long[], double[] or bool[], whose length is the capacity; or this array itself
    /// when every element is nil (no storage, capacity = Count); or a <see cref="Window"/> on
    /// one of those arrays. Never null.
    /// </summary>
    private object _data;
    private int _count;

    public SentraArray() => _data = Array.Empty<Value>();
    public SentraArray(int capacity)
    {
        RunBudget.Reserve((long)capacity * Unsafe.SizeOf<Value>()); // a big result (keys, split, flatten) is checked before it is allocated
        _data = capacity == 0 ? Array.Empty<Value>() : new Value[capacity];
    }

    private SentraArray(object data, int count)
    {
        _data = data;
        _count = count;
    }

    /// <summary>
    /// n copies of v. Ints, floats and bools fill a packed array; other values double by block
    /// copies (one card-marking pass per block) instead of n element stores that each pay a GC
    /// write barrier; nil needs no writes.
    /// </summary>
    public static SentraArray Filled(int n, Value v)
    {
        if (n > 0 && PackedOf(v.RawObj, n) is { } packed)
        {
            if (v.RawBits != 0) // fresh storage already reads as 0, 0.0 and false
            {
                if (packed is long[] ints) ints.AsSpan().Fill(v.RawBits);
                else if (packed is double[] floats) floats.AsSpan().Fill(v.AsFloatUnchecked);
                else ((bool[])packed).AsSpan().Fill(true);
            }
            return new SentraArray(packed, n);
        }
        if (v.IsNil) return AllNil(n);
        var arr = new SentraArray(n) { _count = n };
        if (n == 0) return arr;
        var items = ((Value[])arr._data).AsSpan(0, n);
        items[0] = v;
        for (int done = 1; done < n; done *= 2)
            items[..Math.Min(done, n - done)].CopyTo(items[done..]);
        return arr;
    }

    /// <summary>An array of ints that takes ownership of <paramref name="values"/> (its first count elements).</summary>
    public static SentraArray OfInts(long[] values, int count) => new(values, count);

    /// <summary>A copy of items: no storage when they are all nil, general storage otherwise.</summary>
    public SentraArray(ReadOnlySpan<Value> items)
    {
        _count = items.Length;
        _data = items.Length == 0 ? Array.Empty<Value>() : AllNil(items) ? this : items.ToArray();
    }

    private static bool AllNil(ReadOnlySpan<Value> items)
    {
        foreach (var v in items)
            if (!v.IsNil) return false;
        return true;
    }

    private static SentraArray AllNil(int n)
    {
        var arr = new SentraArray(Array.Empty<Value>(), n);
        if (n > 0) arr._data = arr;
        return arr;
    }

    /// <summary>
    /// A copy of items, packed when they all share one packable kind (for results that may be
    /// big: <c>map</c>, <c>filter</c>; small literals are not worth the scan).
    /// </summary>
    public static SentraArray PackedIfUniform(ReadOnlySpan<Value> items)
    {
        if (items.Length > 0 && items[0].RawObj is { } tag && AllTagged(items, tag) && PackedOf(tag, items.Length) is { } packed)
        {
            for (int i = 0; i < items.Length; i++) StoreRaw(packed, i, items[i]);
            return new SentraArray(packed, items.Length);
        }
        return new SentraArray(items);
    }

    public SentraArray(List<Value> items) : this(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items)) { }

    /// <summary>The storage (Value[], long[], double[] or bool[]) for the interpreter's inline element access.</summary>
    internal object Data { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _data; }

    public override ValueKind Kind => ValueKind.Array;
    public int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _count; }

    /// <summary>Whether the elements are stored packed (ints, floats or bools only, or no storage for all nils); for tests and diagnostics.</summary>
    public bool IsPacked => (_data is Window w ? w.Storage : _data) is not Value[];

    /// <summary>
    /// The live elements as values. A packed array turns general first (so that the span can
    /// be written), so code that only reads should prefer the indexer. Invalidated by any
    /// operation that changes the length.
    /// </summary>
    public Span<Value> Items => General().AsSpan(0, _count);

    /// <summary>Reads the elements in order without changing the storage (<c>foreach (var v in arr)</c>).</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Reads elements 0..Count-1 as they are when reached (Count is read at every step).</summary>
    public ref struct Enumerator
    {
        private readonly SentraArray _array;
        private int _index;

        internal Enumerator(SentraArray array)
        {
            _array = array;
            _index = -1;
        }

        public bool MoveNext() => ++_index < _array._count;
        public readonly Value Current => _array[_index];
    }

    /// <summary>Element index (0 &lt;= index &lt; Count, checked by the caller).</summary>
    public Value this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _data.GetType() == typeof(Value[]) ? Unsafe.As<Value[]>(_data)[index] : PackedAt(_data, index);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => SetInRange(index, value);
    }

    /// <summary>Reads element i, nil when out of range (SPEC 3.7.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value Get(long i)
    {
        if ((ulong)i >= (ulong)_count) return default;
        return _data.GetType() == typeof(Value[]) ? Unsafe.As<Value[]>(_data)[i] : PackedAt(_data, (int)i);
    }

    /// <summary>
    /// Writes element i (0 &lt;= i &lt; Count, checked by the caller). Into general storage only
    /// the payload is written when the slot already holds the same kind (no write barrier).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetInRange(int i, in Value v)
    {
        if (_data.GetType() == typeof(Value[])) Value.Assign(ref Unsafe.As<Value[]>(_data)[i], in v);
        else SetPacked(i, v);
    }

    /// <summary>Writes element i, extending with nils when i &gt;= Count. i must be &gt;= 0.</summary>
    public void Set(long i, Value v)
    {
        if ((ulong)i < (ulong)_count) { SetInRange((int)i, v); return; }
        if (i == _count) { Add(v); return; }
        if (i >= int.MaxValue - 1) throw new SentraRuntimeException("array too large");
        int n = (int)i + 1;
        var items = General(); // the nils in between are not packable
        if (n > items.Length) items = GrowGeneral(n);
        _count = n;
        items[i] = v;
    }

    public void Add(Value v)
    {
        if (Exact.As<Value[]>(_data) is { } items && _count < items.Length)
        {
            items[_count++] = v;
            return;
        }
        AddSlow(v);
    }

    private void AddSlow(Value v)
    {
        if (_data.GetType() == typeof(Window) && AddToWindow(v)) return;
        object data = Unwindowed();
        if (data.GetType() == typeof(Value[]))
        {
            var items = Unsafe.As<Value[]>(data);
            // an empty array with no storage yet takes its first element's packed kind
            if (items.Length == 0 && PackedOf(v.RawObj, 4) is { } packed)
            {
                _data = packed;
                StoreRaw(packed, 0, v);
                _count = 1;
                return;
            }
            items = GrowGeneral(_count + 1);
            items[_count++] = v;
            return;
        }
        if (!Fits(data, v.RawObj))
        {
            General();
            Add(v);
            return;
        }
        if (_count == Unsafe.As<Array>(data).Length) data = Grow(_count + 1); // long[], double[] or bool[]
        StoreRaw(data, _count++, v);
    }

    public void Insert(int index, Value v)
    {
        if (index == 0 && _count >= MinWindowed && InsertFirst(v)) return;
        Unwindowed();
        if (!Fits(_data, v.RawObj)) General();
        if (_count == Capacity) Grow(_count + 1);
        Array.Copy((Array)_data, index, (Array)_data, index + 1, _count - index);
        _count++;
        SetInRange(index, v);
    }

    public Value RemoveAt(int index)
    {
        if (index == 0 && _count >= MinWindowed) return RemoveFirst();
        Value v = this[index];
        if (_data.GetType() == typeof(Window))
        {
            if (index == _count - 1)
            {
                var w = Unsafe.As<Window>(_data);
                if (w.Storage is Value[] slots) slots[w.Start + index] = default; // no stale reference for the GC
                _count--;
                return v;
            }
            Unwindow();
        }
        _count--;
        if (_data is not Array) return v; // all nil, and still
        Array.Copy((Array)_data, index + 1, (Array)_data, index, _count - index);
        if (_data is Value[] items) items[_count] = default; // no stale reference for the GC
        return v;
    }

    public void Clear()
    {
        if (Unwindowed() is Value[] items) Array.Clear(items, 0, _count);
        _count = 0;
    }

    public void AddRange(ReadOnlySpan<Value> values)
    {
        var items = General();
        if (_count + values.Length > items.Length) items = GrowGeneral(_count + values.Length);
        values.CopyTo(items.AsSpan(_count));
        _count += values.Length;
    }

    /// <summary>Appends every element of other (which may be this array).</summary>
    public void AddAll(SentraArray other)
    {
        int n = other._count;
        for (int i = 0; i < n; i++) Add(other[i]);
    }

    /// <summary>A new array of the length elements from start (both in range), in the same kind of storage.</summary>
    public SentraArray Slice(int start, int length) => Unwindowed() switch
    {
        Value[] items => new SentraArray(items.AsSpan(start, length)),
        long[] ints => new SentraArray(ints.AsSpan(start, length).ToArray(), length),
        double[] floats => new SentraArray(floats.AsSpan(start, length).ToArray(), length),
        bool[] bools => new SentraArray(bools.AsSpan(start, length).ToArray(), length),
        _ => AllNil(length),
    };

    /// <summary>Reverses the elements in place, in whatever storage they are.</summary>
    public void Reverse()
    {
        if (Unwindowed() is Array data) Array.Reverse(data, 0, _count); // all nil reads the same backwards
    }

    /// <summary>
    /// Sorts an array of ints in ascending order in place and returns true; false (and nothing
    /// changed) for any other storage. Equal ints are indistinguishable, so stability does not
    /// matter here.
    /// </summary>
    public bool TrySortInts()
    {
        if (Unwindowed() is not long[] ints) return false;
        Array.Sort(ints, 0, _count);
        return true;
    }

    private int Capacity => _data is Array data ? data.Length : _count; // callers unwindow first

    // ---- packed storage -------------------------------------------------------------------

    /// <summary>Fresh packed storage of the given length for values with this tag, or null if the tag does not pack.</summary>
    private static object? PackedOf(object? tag, int length) =>
        ReferenceEquals(tag, Value.IntTag) ? new long[length]
        : ReferenceEquals(tag, Value.FloatTag) ? new double[length]
        : ReferenceEquals(tag, Value.BoolTag) ? new bool[length]
        : null;

    private static bool AllTagged(ReadOnlySpan<Value> items, object? tag)
    {
        foreach (var v in items)
            if (!ReferenceEquals(v.RawObj, tag)) return false;
        return true;
    }

    // Storage tests compare the exact type (the storage is only ever created as exactly one of
    // these), each written `data.GetType() == typeof(...)`: the JIT turns that form into one
    // method-table compare. In precompiled code `is long[]` calls the runtime's cast helper
    // (CastHelpers.IsInstanceOfAny was 2% of `closures`), and a Type kept in a local calls
    // Object.GetType and RuntimeTypeHandle.GetRuntimeTypeFromHandle, once per element of map
    // and filter results and for every push onto a packed array.

    /// <summary>Whether a value with this tag can be stored in this storage as it is.</summary>
    private static bool Fits(object data, object? tag) =>
        data.GetType() == typeof(Value[])
        || (data.GetType() == typeof(long[]) && ReferenceEquals(tag, Value.IntTag))
        || (data.GetType() == typeof(double[]) && ReferenceEquals(tag, Value.FloatTag))
        || (data.GetType() == typeof(bool[]) && ReferenceEquals(tag, Value.BoolTag));

    /// <summary>Stores v into packed storage that it fits (see <see cref="Fits"/>).</summary>
    /// <summary>Stores v at i of a storage of any kind that v fits (<see cref="Fits"/>).</summary>
    private static void Store(object storage, int i, Value v)
    {
        if (storage.GetType() == typeof(Value[])) Unsafe.As<Value[]>(storage)[i] = v;
        else StoreRaw(storage, i, v);
    }

    private static void StoreRaw(object data, int i, Value v)
    {
        if (data.GetType() == typeof(long[])) Unsafe.As<long[]>(data)[i] = v.RawBits;
        else if (data.GetType() == typeof(double[])) Unsafe.As<double[]>(data)[i] = v.AsFloatUnchecked;
        else ((bool[])data)[i] = v.AsBoolUnchecked;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Value PackedAt(object data, int i)
    {
        if (data.GetType() == typeof(Window))
        {
            var w = Unsafe.As<Window>(data);
            (data, i) = (w.Storage, i + w.Start);
            if (data.GetType() == typeof(Value[])) return Unsafe.As<Value[]>(data)[i];
        }
        if (data.GetType() == typeof(long[])) return Value.FromInt(Unsafe.As<long[]>(data)[i]);
        if (data.GetType() == typeof(bool[])) return Value.FromBool(Unsafe.As<bool[]>(data)[i]);
        if (data.GetType() == typeof(double[])) return Value.FromFloat(Unsafe.As<double[]>(data)[i]);
        return default; // no storage: all nil
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetPacked(int i, Value v)
    {
        object data = _data;
        if (data.GetType() == typeof(Window))
        {
            var w = Unsafe.As<Window>(data);
            if (Fits(w.Storage, v.RawObj))
            {
                Store(w.Storage, w.Start + i, v);
                return;
            }
            data = Unwindow();
        }
        if (Fits(data, v.RawObj)) StoreRaw(data, i, v);
        else General()[i] = v;
    }

    /// <summary>The storage as Value[], converting packed storage (for good) first.</summary>
    private Value[] General()
    {
        object data = Unwindowed();
        if (Exact.As<Value[]>(data) is { } items) return items;
        int capacity = Capacity;
        items = capacity == 0 ? Array.Empty<Value>() : new Value[capacity];
        if (data is Array) // else all nil: fresh storage already is
            for (int i = 0; i < _count; i++) items[i] = PackedAt(data, i);
        _data = items;
        return items;
    }

    private int NewCapacity(int min)
    {
        if (min > Limits.MaxArrayLength) throw new SentraRuntimeException("array too large");
        int length = Capacity;
        int cap = Math.Max(min, length == 0 ? 4 : length * 2);
        return cap > Limits.MaxArrayLength ? min : cap;
    }

    private Value[] GrowGeneral(int min) => (Value[])Grow(min);

    /// <summary>Bytes per element of a storage (Value[], long[], double[] or bool[]).</summary>
    private static int ElementSize(object storage) => storage switch { long[] or double[] => 8, bool[] => 1, _ => Unsafe.SizeOf<Value>() };

    /// <summary>Grows the storage, of whatever kind, to hold at least min elements.</summary>
    private object Grow(int min)
    {
        int cap = NewCapacity(min);
        object data = Unwindowed();
        RunBudget.Reserve((long)cap * ElementSize(data));
        switch (data)
        {
            case Value[] items: Array.Resize(ref items, cap); data = items; break;
            case long[] ints: Array.Resize(ref ints, cap); data = ints; break;
            case double[] floats: Array.Resize(ref floats, cap); data = floats; break;
            default: var bools = (bool[])data; Array.Resize(ref bools, cap); data = bools; break;
        }
        _data = data;
        return data;
    }

    // ---- windows: queues ---------------------------------------------------------------------

    /// <summary>
    /// Storage (Value[], long[], double[] or bool[]) whose elements start at <see cref="Start"/>:
    /// slots before it are free (room to add in front), and so are those after Start + Count.
    /// </summary>
    private sealed class Window(object storage, int start)
    {
        public readonly object Storage = storage;
        public int Start = start;
    }

    /// <summary>
    /// Arrays shorter than this shift and unshift by moving their elements, which costs less
    /// than a window at that size and keeps short arrays on the inline access paths.
    /// </summary>
    private const int MinWindowed = 16;

    /// <summary>The storage with the elements at offset 0 (moving them there first if the array has a window).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private object Unwindowed() => _data.GetType() == typeof(Window) ? Unwindow() : _data;

    /// <summary>Moves the elements to the front of their storage, which becomes the array's storage again.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private object Unwindow()
    {
        var w = (Window)_data;
        var storage = (Array)w.Storage;
        if (w.Start > 0)
        {
            Array.Copy(storage, w.Start, storage, 0, _count);
            if (storage is Value[] slots) Array.Clear(slots, _count, Math.Min(w.Start, slots.Length - _count)); // no stale references for the GC
        }
        _data = storage;
        return storage;
    }

    /// <summary>Removes and returns element 0 (Count &gt;= MinWindowed) without moving the others.</summary>
    private Value RemoveFirst()
    {
        Window w;
        if (_data.GetType() == typeof(Window)) w = Unsafe.As<Window>(_data);
        else if (_data is Array) _data = w = new Window(_data, 0);
        else { _count--; return default; } // all nil, and still
        Value v = PackedAt(w, 0);
        if (w.Storage is Value[] slots) slots[w.Start] = default; // no stale reference for the GC
        w.Start++;
        _count--;
        return v;
    }

    /// <summary>
    /// Adds v in front (Count &gt;= MinWindowed) into the free slots before the window, making
    /// room for Count more when there are none (so n unshifts copy O(n) elements in all); false
    /// when v does not fit the storage's kind (the caller turns the array general).
    /// </summary>
    private bool InsertFirst(Value v)
    {
        object data = _data;
        object storage = data.GetType() == typeof(Window) ? Unsafe.As<Window>(data).Storage : data;
        if (storage is not Array array || !Fits(storage, v.RawObj)) return false; // all nil, or of another kind
        if (data.GetType() != typeof(Window) || Unsafe.As<Window>(data).Start == 0)
        {
            // the elements are at offset 0 (no window, or one whose front is full)
            int room = _count; // free slots in front after the move
            long length = (long)room + _count + 1;
            if (length > Limits.MaxArrayLength) return false;
            RunBudget.Reserve(length * ElementSize(storage));
            Array fresh = storage switch
            {
                long[] => new long[length],
                double[] => new double[length],
                bool[] => new bool[length],
                _ => new Value[length],
            };
            Array.Copy(array, 0, fresh, room, _count);
            _data = data = new Window(fresh, room);
        }
        var w = Unsafe.As<Window>(data);
        w.Start--;
        _count++;
        Store(w.Storage, w.Start, v);
        return true;
    }

    /// <summary>
    /// Appends v to an array with a window, into the free slot after its elements when there is
    /// one and v fits; false when the caller must unwindow (and grow) first. A full window
    /// whose free slots are all in front moves its elements down when at least half the
    /// storage is free, else gives the array a twice bigger storage from offset 0, so a queue's
    /// pushes and shifts move O(1) elements each on average.
    /// </summary>
    private bool AddToWindow(Value v)
    {
        var w = Unsafe.As<Window>(_data);
        var storage = (Array)w.Storage;
        if (!Fits(storage, v.RawObj)) return false;
        int end = w.Start + _count;
        if (end == storage.Length)
        {
            if (w.Start * 2 < storage.Length) return false; // Unwindow, then Grow doubles
            Array.Copy(storage, w.Start, storage, 0, _count);
            if (storage is Value[] old) Array.Clear(old, _count, storage.Length - _count);
            w.Start = 0;
            end = _count;
        }
        Store(storage, end, v);
        _count++;
        return true;
    }
}
