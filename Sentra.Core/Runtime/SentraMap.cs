namespace Sentra.Runtime;

/// <summary>
/// A Sentra map: string keys, insertion ordered (SPEC 3.7.2). Updating a key keeps its
/// position; delete then re-insert moves it to the end.
/// </summary>
public sealed class SentraMap : SentraObject
{
    private readonly OrderedDictionary<string, Value> _entries;

    public SentraMap() => _entries = new OrderedDictionary<string, Value>(StringComparer.Ordinal);
    public SentraMap(int capacity) => _entries = new OrderedDictionary<string, Value>(capacity, StringComparer.Ordinal);

    public override ValueKind Kind => ValueKind.Map;
    public int Count => _entries.Count;

    public Value Get(string key) => _entries.TryGetValue(key, out var v) ? v : default;
    public bool TryGet(string key, out Value value) => _entries.TryGetValue(key, out value);
    public void Set(string key, Value value) => _entries[key] = value;
    public bool ContainsKey(string key) => _entries.ContainsKey(key);
    public bool Remove(string key) => _entries.Remove(key);
    public string KeyAt(int index) => _entries.GetAt(index).Key;
    public Value ValueAt(int index) => _entries.GetAt(index).Value;
    public IEnumerable<KeyValuePair<string, Value>> Entries => _entries;
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>
    /// Lookup assisted by an inline cache: <paramref name="hint"/> is the entry index this
    /// call site found last time (property access on "object-like" maps hits the same index).
    /// </summary>
    public Value GetCached(string key, ref int hint)
    {
        int i = hint;
        if ((uint)i < (uint)_entries.Count)
        {
            var kv = _entries.GetAt(i);
            if (string.Equals(kv.Key, key)) return kv.Value;
        }
        i = _entries.IndexOf(key);
        if (i < 0) return default;
        hint = i;
        return _entries.GetAt(i).Value;
    }

    /// <summary>Store assisted by an inline cache (see <see cref="GetCached"/>).</summary>
    public void SetCached(string key, Value value, ref int hint)
    {
        int i = hint;
        if ((uint)i < (uint)_entries.Count && string.Equals(_entries.GetAt(i).Key, key))
        {
            _entries.SetAt(i, value);
            return;
        }
        i = _entries.IndexOf(key);
        if (i >= 0)
        {
            _entries.SetAt(i, value);
            hint = i;
            return;
        }
        _entries[key] = value;
        hint = _entries.Count - 1;
    }

    public string[] KeySnapshot()
    {
        var keys = new string[_entries.Count];
        int i = 0;
        foreach (var k in _entries.Keys) keys[i++] = k;
        return keys;
    }
}
