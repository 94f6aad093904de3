using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>
/// A Sentra map: string keys, insertion ordered (SPEC 3.7.2). Updating a key keeps its
/// position; delete then re-insert moves it to the end.
/// </summary>
/// <remarks>
/// A hash table whose entries live in one array in insertion order (like CPython's compact
/// dict): buckets hold 1-based entry indices, collisions chain through <c>Next</c>. Delete
/// leaves a tombstone (null key) that compaction removes when they pile up, so iteration is
/// a scan of the entry array and an entry's index is a stable inline-cache hint. Hashes
/// are .NET's randomized string hashes, so scripts cannot force collisions. A small map (up
/// to <see cref="SmallSize"/> entry slots, the usual record such as <c>{"x": 1, "y": 2}</c>)
/// has no buckets and no hashes: a lookup compares its few keys (references first, and an
/// unequal length settles most of the others), and the map takes half the memory, which is
/// what a program holding a million records pays for in garbage collection. Written by hand
/// instead of <c>OrderedDictionary</c> to keep the hot paths (lookups from the dispatch
/// loop) free of generic shared code and copies of key/value pairs.
/// </remarks>
public sealed class SentraMap : SentraObject
{
    private struct Entry
    {
        public string? Key;
        public Value Value;
        public int Hash;
        public int Next; // 1-based index of the next entry in the bucket chain, 0 = end
    }

    private Entry[] _entries;
    /// <summary>Null while the map is small (at most <see cref="SmallSize"/> entry slots).</summary>
    private int[]? _buckets;
    private const int SmallSize = 8;
    /// <summary>
    /// Buckets per entry slot (a power of two): two keep a full map's chains at half an entry
    /// on average, so a lookup reads fewer entries, each a likely cache miss in a big map.
    /// </summary>
    private const int BucketsPerEntry = 2;
    private int _used;   // entries in use, tombstones included
    private int _count;  // live entries

    public SentraMap() : this(0) { }

    /// <summary>A map with room for <paramref name="capacity"/> entries (a literal's exact count; 0 for one that will be filled).</summary>
    public SentraMap(int capacity)
    {
        // capped where Grow stops too, so that the buckets (BucketsPerEntry per slot) fit an int
        int size = capacity <= 0 ? 4 : capacity <= 2 ? 2 : (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)capacity), (uint)Limits.MaxArrayLength);
        _entries = new Entry[size];
        if (size > SmallSize) _buckets = new int[size * BucketsPerEntry];
    }

    public override ValueKind Kind => ValueKind.Map;
    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HashOf(string key) => key.GetHashCode() & 0x7FFFFFFF;

    private int Find(string key)
    {
        var buckets = _buckets;
        if (buckets is null) return FindSmall(key);
        int hash = HashOf(key);
        var entries = _entries;
        for (int i = buckets[hash & (buckets.Length - 1)]; i != 0;)
        {
            ref Entry e = ref entries[i - 1];
            if (e.Hash == hash && string.Equals(e.Key, key)) return i - 1;
            i = e.Next;
        }
        return -1;
    }

    /// <summary>A small map's lookup: its keys compared in order (deleted slots have a null key).</summary>
    private int FindSmall(string key)
    {
        var entries = _entries;
        int used = _used;
        for (int i = 0; i < used; i++)
        {
            if (ReferenceEquals(entries[i].Key, key)) return i;
        }
        for (int i = 0; i < used; i++)
        {
            var k = entries[i].Key;
            if (k is not null && k.Length == key.Length && string.Equals(k, key)) return i;
        }
        return -1;
    }

    /// <summary>
    /// The entry of int key k, whose key is str(k) (SPEC 3.7.2), found without allocating that
    /// string: a small non-negative k uses the shared string of <see cref="ValueFormatter.IntToString"/>,
    /// any other k its decimal text in a stack buffer, hashed as the string would be
    /// (string.GetHashCode of a span equals that of the string with the same characters).
    /// </summary>
    private int FindInt(long k)
    {
        if ((ulong)k < ValueFormatter.SmallIntCount) return Find(ValueFormatter.IntToString(k));
        Span<char> text = stackalloc char[20]; // long.MinValue: a sign and 19 digits
        k.TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        return Find(text[..n]);
    }

    private int Find(ReadOnlySpan<char> key)
    {
        var entries = _entries;
        var buckets = _buckets;
        if (buckets is null)
        {
            for (int i = 0; i < _used; i++)
            {
                var k = entries[i].Key;
                if (k is not null && k.Length == key.Length && key.SequenceEqual(k)) return i;
            }
            return -1;
        }
        int hash = string.GetHashCode(key) & 0x7FFFFFFF;
        for (int i = buckets[hash & (buckets.Length - 1)]; i != 0;)
        {
            ref Entry e = ref entries[i - 1];
            if (e.Hash == hash && key.SequenceEqual(e.Key)) return i - 1;
            i = e.Next;
        }
        return -1;
    }

    /// <summary>m[k] for an int k: the entry of str(k), nil when absent.</summary>
    public Value GetInt(long k)
    {
        int i = FindInt(k);
        return i >= 0 ? _entries[i].Value : default;
    }

    /// <summary>Whether the map has the key str(k).</summary>
    public bool ContainsInt(long k) => FindInt(k) >= 0;

    /// <summary>m[k] = value for an int k; the key string is made only when the entry is new.</summary>
    public void SetInt(long k, Value value)
    {
        if ((ulong)k < ValueFormatter.SmallIntCount)
        {
            SetAndGetIndex(ValueFormatter.IntToString(k), value);
            return;
        }
        // the digits formatted once, for the lookup and for a new entry's key (Insert, whose
        // code the dispatch loop inlines through SetCached, is left as it is)
        Span<char> text = stackalloc char[20];
        k.TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        var key = text[..n];
        int i = Find(key);
        if (i >= 0) _entries[i].Value = value;
        else Insert(new string(key), value);
    }

    public Value Get(string key)
    {
        int i = Find(key);
        return i >= 0 ? _entries[i].Value : default;
    }

    public bool TryGet(string key, out Value value)
    {
        int i = Find(key);
        if (i >= 0)
        {
            value = _entries[i].Value;
            return true;
        }
        value = default;
        return false;
    }

    public bool ContainsKey(string key) => Find(key) >= 0;

    public void Set(string key, Value value) => SetAndGetIndex(key, value);

    private int SetAndGetIndex(string key, Value value)
    {
        int i = Find(key);
        if (i >= 0)
        {
            _entries[i].Value = value;
            return i;
        }
        return Insert(key, value);
    }

    /// <summary>Appends an entry for a key that is not in the map; returns its index.</summary>
    private int Insert(string key, Value value)
    {
        if (_used == _entries.Length) Grow();
        int i = _used++;
        ref Entry e = ref _entries[i];
        e.Key = key;
        e.Value = value;
        if (_buckets is { } buckets)
        {
            int hash = HashOf(key);
            e.Hash = hash;
            ref int bucket = ref buckets[hash & (buckets.Length - 1)];
            e.Next = bucket;
            bucket = i + 1;
        }
        _count++;
        return i;
    }

    public bool Remove(string key)
    {
        if (_buckets is null)
        {
            int i = FindSmall(key);
            if (i < 0) return false;
            _entries[i] = default; // tombstone: null key
            _count--;
            if (_count == 0) { _used = 0; }
            return true;
        }
        int hash = HashOf(key);
        ref int link = ref _buckets[hash & (_buckets.Length - 1)];
        while (link != 0)
        {
            ref Entry e = ref _entries[link - 1];
            if (e.Hash == hash && string.Equals(e.Key, key))
            {
                link = e.Next;
                e = default; // tombstone: null key
                _count--;
                if (_count == 0) { _used = 0; }
                return true;
            }
            link = ref e.Next;
        }
        return false;
    }

    /// <summary>Makes room: compacts when many entries are tombstones, else doubles.</summary>
    private void Grow()
    {
        int size = _count * 2 <= _entries.Length ? _entries.Length : _entries.Length * 2;
        if (size > Limits.MaxArrayLength) throw new SentraRuntimeException("map too large");
        RunBudget.Reserve((long)size * (Unsafe.SizeOf<Entry>() + (size > SmallSize ? BucketsPerEntry * sizeof(int) : 0)));
        Rebuild(size);
    }

    /// <summary>Removes tombstones (entries keep their order) and rehashes into the given size (no buckets for a small one).</summary>
    private void Rebuild(int size)
    {
        var old = _entries;
        var entries = new Entry[size];
        var buckets = size > SmallSize ? new int[size * BucketsPerEntry] : null;
        bool hashed = _buckets is not null;
        int j = 0;
        for (int i = 0; i < _used; i++)
        {
            if (old[i].Key is null) continue;
            ref Entry e = ref entries[j];
            e = old[i];
            if (buckets is null) { j++; continue; }
            if (!hashed) e.Hash = HashOf(e.Key!);
            ref int bucket = ref buckets[e.Hash & (buckets.Length - 1)];
            e.Next = bucket;
            bucket = ++j;
        }
        _entries = entries;
        _buckets = buckets;
        _used = j;
    }

    private void CompactIfNeeded()
    {
        if (_used != _count) Rebuild(_entries.Length);
    }

    /// <summary>Key of the index-th live entry in insertion order.</summary>
    public string KeyAt(int index)
    {
        CompactIfNeeded();
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        return _entries[index].Key!;
    }

    /// <summary>Value of the index-th live entry in insertion order.</summary>
    public Value ValueAt(int index)
    {
        CompactIfNeeded();
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        return _entries[index].Value;
    }

    /// <summary>Live entries in insertion order (a snapshot is not taken: do not mutate while enumerating).</summary>
    public EntryView Entries => new(this);

    /// <summary>Live keys in insertion order (do not mutate while enumerating).</summary>
    public KeyView Keys => new(this);

    // Struct views and enumerators: foreach over them allocates nothing (map equality,
    // printing and for-in ran an iterator object per map); LINQ still sees IEnumerable<T>.

    public readonly struct EntryView(SentraMap map) : IEnumerable<KeyValuePair<string, Value>>
    {
        public Enumerator GetEnumerator() => new(map);
        IEnumerator<KeyValuePair<string, Value>> IEnumerable<KeyValuePair<string, Value>>.GetEnumerator() => GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator(SentraMap map) : IEnumerator<KeyValuePair<string, Value>>
        {
            private int _next;
            private int _current = -1;
            public readonly KeyValuePair<string, Value> Current => new(map._entries[_current].Key!, map._entries[_current].Value);
            readonly object System.Collections.IEnumerator.Current => Current;
            public bool MoveNext()
            {
                // skips the slots of deleted entries (null key)
                while (_next < map._used)
                {
                    int i = _next++;
                    if (map._entries[i].Key is not null)
                    {
                        _current = i;
                        return true;
                    }
                }
                return false;
            }

            public void Reset() => (_next, _current) = (0, -1);
            public readonly void Dispose() { }
        }
    }

    public readonly struct KeyView(SentraMap map) : IEnumerable<string>
    {
        public Enumerator GetEnumerator() => new(map);
        IEnumerator<string> IEnumerable<string>.GetEnumerator() => GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The entry enumerator, projected to keys.</summary>
        public struct Enumerator(SentraMap map) : IEnumerator<string>
        {
            private EntryView.Enumerator _entries = new(map);
            public readonly string Current => _entries.Current.Key;
            readonly object System.Collections.IEnumerator.Current => Current;
            public bool MoveNext() => _entries.MoveNext();
            public void Reset() => _entries.Reset();
            public readonly void Dispose() { }
        }
    }

    /// <summary>
    /// Lookup assisted by an inline cache: <paramref name="hint"/> is the entry index this
    /// call site found last time (property access on "object-like" maps hits the same index).
    /// </summary>
    public Value GetCached(string key, ref int hint)
    {
        int i = hint;
        if ((uint)i < (uint)_used)
        {
            ref Entry e = ref _entries[i];
            if (ReferenceEquals(e.Key, key) || string.Equals(e.Key, key)) return e.Value;
        }
        i = Find(key);
        if (i < 0) return default;
        hint = i;
        return _entries[i].Value;
    }

    /// <summary>Store assisted by an inline cache (see <see cref="GetCached"/>).</summary>
    public void SetCached(string key, Value value, ref int hint)
    {
        int i = hint;
        if ((uint)i < (uint)_used)
        {
            ref Entry e = ref _entries[i];
            if (ReferenceEquals(e.Key, key) || string.Equals(e.Key, key))
            {
                e.Value = value;
                return;
            }
        }
        hint = SetAndGetIndex(key, value);
    }

    public string[] KeySnapshot()
    {
        var keys = new string[_count];
        int j = 0;
        for (int i = 0; i < _used; i++)
        {
            var k = _entries[i].Key;
            if (k is not null) keys[j++] = k;
        }
        return keys;
    }
}
