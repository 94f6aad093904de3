using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sentra.Runtime;

/// <summary>The SPEC 3.14 print format (<c>str(v)</c>, <c>log(v)</c>, concatenation, <c>join</c>).</summary>
public static class ValueFormatter
{
    // str() of small non-negative ints (indices, counters, ids) is shared, not allocated
    private static readonly string?[] s_smallInts = new string?[SmallIntCount];

    /// <summary>Ints 0 &lt;= x &lt; SmallIntCount have one shared string each (<see cref="IntToString"/>).</summary>
    public const int SmallIntCount = 1024;

    /// <summary>The decimal text of an int.</summary>
    public static string IntToString(long x) =>
        (ulong)x < (ulong)s_smallInts.Length
            ? s_smallInts[x] ??= x.ToString(CultureInfo.InvariantCulture)
            : x.ToString(CultureInfo.InvariantCulture);

    public static string ToDisplayString(Value v)
    {
        if (v.IsString) return v.AsStringUnchecked;
        if (v.IsInt) return IntToString(v.AsIntUnchecked);
        var obj = v.RawObj;
        if (obj is SentraArray or SentraMap)
        {
            var sb = Pools.StringBuilders.Get();
            try
            {
                Append(sb, v, NewPath(sb, v));
                return sb.ToString();
            }
            finally { Pools.StringBuilders.Return(sb); }
        }
        return ScalarString(v);
    }

    /// <summary>Appends the print format of v.</summary>
    public static void Append(StringBuilder sb, Value v)
    {
        if (v.IsString) { sb.Append(v.AsStringUnchecked); return; }
        if (v.IsInt) { sb.Append(IntToString(v.AsIntUnchecked)); return; }
        if (v.RawObj is SentraArray or SentraMap) { Append(sb, v, NewPath(sb, v)); return; }
        sb.Append(ScalarString(v));
    }

    private static string ScalarString(Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Nil: return "nil";
            case ValueKind.Bool: return v.AsBoolUnchecked ? "true" : "false";
            case ValueKind.Int: return IntToString(v.AsIntUnchecked);
            case ValueKind.Float: return NumberFormat.FormatGo(v.AsFloatUnchecked);
            case ValueKind.String: return v.AsStringUnchecked;
            case ValueKind.Function: return v.RawObj is Closure ? "<function>" : "<native function>";
            case ValueKind.Module: return "<module " + ((SentraModule)v.RawObj!).Name + ">";
            default: return "nil";
        }
    }

    /// <summary>
    /// The containers being printed, from the outermost: a container met again inside itself
    /// prints as [...] or {...}. Up to <see cref="Deep"/> levels they are a short array
    /// searched from end to end (cheaper than hashing for the usual shallow data); deeper, a
    /// set, so that each test is O(1) and a deep structure prints in time linear in its output.
    /// </summary>
    private sealed class Path(Value root, int start)
    {
        /// <summary>The value being printed and the output's length before it: for <see cref="Written"/>'s size check.</summary>
        public readonly Value Root = root;
        public readonly int Start = start;
        public bool SizeChecked;

        private const int Deep = 32;
        private object[] _items = new object[8];
        private int _count;
        private HashSet<object>? _set;

        /// <summary>Adds a container about to be printed; false if it is already being printed.</summary>
        public bool Enter(object container)
        {
            if (_set is not null) return _set.Add(container);
            for (int i = 0; i < _count; i++)
                if (ReferenceEquals(_items[i], container)) return false;
            if (_count == Deep)
            {
                _set = t_spareSet ?? new HashSet<object>(ReferenceEqualityComparer.Instance);
                t_spareSet = null;
                _set.Add(container);
                for (int i = 0; i < _count; i++) _set.Add(_items[i]);
                return true;
            }
            if (_count == _items.Length) Array.Resize(ref _items, _count * 2);
            _items[_count++] = container;
            return true;
        }

        public void Leave(object container)
        {
            if (_set is not null) _set.Remove(container);
            else _count--;
        }

        /// <summary>
        /// Keeps the set for the thread's next deep print: growing a set to the depth of a
        /// deep structure on every print was most of the print's garbage.
        /// </summary>
        public void Release()
        {
            if (_set is null) return;
            _set.Clear();
            t_spareSet = _set;
            _set = null;
        }
    }

    [ThreadStatic] private static HashSet<object>? t_spareSet;

    private static Path NewPath(StringBuilder sb, Value root) => new(root, sb.Length);

    /// <summary>A container being printed: the array and its next index, or the map's entry enumerator.</summary>
    private struct Level
    {
        public SentraArray? Array;
        public int Index;
        public SentraMap? Map;
        public SentraMap.EntryView.Enumerator Entries;
    }

    /// <summary>
    /// Writes v with an explicit stack of open containers, not one .NET frame per level: a
    /// deep structure prints without a deep .NET stack, which every garbage collection during
    /// the print would have to walk frame by frame.
    /// </summary>
    private static void Append(StringBuilder sb, Value v, Path path)
    {
        var levels = new Level[8];
        int depth = 0;
        if (!Open(sb, v, path, ref levels, ref depth)) return;
        try { Print(sb, path, levels, depth); }
        finally { path.Release(); }
    }

    private static void Print(StringBuilder sb, Path path, Level[] levels, int depth)
    {
        while (depth > 0)
        {
            ref Level top = ref levels[depth - 1];
            Value item;
            if (top.Array is { } arr)
            {
                if (top.Index < arr.Count)
                {
                    if (top.Index > 0) sb.Append(", ");
                    item = arr[top.Index++];
                }
                else
                {
                    sb.Append(']');
                    path.Leave(arr);
                    levels[--depth] = default;
                    if (depth > 0) Written(sb, path);
                    continue;
                }
            }
            else
            {
                if (top.Entries.MoveNext())
                {
                    var kv = top.Entries.Current;
                    if (top.Index++ > 0) sb.Append(", ");
                    sb.Append(kv.Key).Append(": ");
                    item = kv.Value;
                }
                else
                {
                    sb.Append('}');
                    path.Leave(top.Map!);
                    levels[--depth] = default;
                    if (depth > 0) Written(sb, path);
                    continue;
                }
            }
            // a container opened here is closed (and counted) when the loop comes back to it
            if (!Open(sb, item, path, ref levels, ref depth)) Written(sb, path);
        }
    }

    /// <summary>
    /// Writes a scalar, or a container met again inside itself ([...], {...}), and returns
    /// false; or writes a container's opening bracket, pushes it and returns true.
    /// </summary>
    private static bool Open(StringBuilder sb, Value v, Path path, ref Level[] levels, ref int depth)
    {
        var obj = v.RawObj;
        if (obj is SentraArray or SentraMap)
        {
            bool isArray = obj is SentraArray;
            if (!path.Enter(obj)) { sb.Append(isArray ? "[...]" : "{...}"); return false; }
            if (depth == levels.Length) Array.Resize(ref levels, depth * 2);
            ref Level level = ref levels[depth++];
            if (isArray)
            {
                level.Array = (SentraArray)obj;
                sb.Append('[');
            }
            else
            {
                level.Map = (SentraMap)obj;
                level.Entries = level.Map.Entries.GetEnumerator();
                sb.Append('{');
            }
            level.Index = 0;
            return true;
        }
        if (v.IsString)
        {
            sb.Append(v.AsStringUnchecked);
            RunBudget.Charge(v.AsStringUnchecked.Length);
        }
        else if (v.IsInt) sb.Append(IntToString(v.AsIntUnchecked));
        else sb.Append(ScalarString(v));
        return false;
    }

    /// <summary>
    /// After each element: the output is held to the string cap as it grows (a shared
    /// structure can print far more than it holds), and the element counts as work against
    /// the run's time and memory budget. Once the output is large, the length of the whole
    /// print is computed (<see cref="PrintedLength"/>, linear in the distinct containers), so
    /// that a print that cannot fit the string cap or the memory budget ends now rather than
    /// after writing up to the limit.
    /// </summary>
    private static void Written(StringBuilder sb, Path path)
    {
        if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
        RunBudget.Charge(1);
        if (sb.Length >= SizeCheckAt && !path.SizeChecked)
        {
            path.SizeChecked = true;
            var lengthPath = NewPath(sb, path.Root);
            long printed;
            try { printed = PrintedLength(path.Root, new Dictionary<object, long>(ReferenceEqualityComparer.Instance), lengthPath, out _); }
            finally { lengthPath.Release(); }
            if (printed < 0) return;
            long total = path.Start + printed;
            // whichever limit writing would meet first: the memory budget (a StringBuilder
            // holds two bytes per character) or the string cap
            RunBudget.Reserve((Math.Min(total, Limits.MaxStringLength + 1L) - sb.Length) * 2);
            if (total > Limits.MaxStringLength) Throw.Error("string too large");
        }
    }

    /// <summary>Output length (characters) from which a print checks its whole length first.</summary>
    private const int SizeCheckAt = 1 << 20;

    /// <summary>
    /// The number of characters <see cref="Append(StringBuilder, Value, Path)"/> writes for v,
    /// or -1 when it cannot tell (too deep for this thread's stack). A container whose print
    /// meets no container already on the path prints the same wherever it appears (a cycle
    /// through an outer container would show inside it too), so its length is computed once
    /// (<paramref name="known"/>); the sum stops growing past the string cap.
    /// </summary>
    private static long PrintedLength(Value v, Dictionary<object, long> known, Path path, out bool cyclic)
    {
        cyclic = false;
        var obj = v.RawObj;
        if (obj is SentraArray or SentraMap)
        {
            if (known.TryGetValue(obj, out long n)) return n;
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) return -1;
            if (!path.Enter(obj)) { cyclic = true; return 5; } // prints as [...] or {...}
            long total = 2;
            if (obj is SentraArray arr)
            {
                for (int i = 0; i < arr.Count && total <= Limits.MaxStringLength; i++)
                {
                    long item = PrintedLength(arr[i], known, path, out bool inner);
                    if (item < 0) return -1;
                    cyclic |= inner;
                    total += item + (i > 0 ? 2 : 0);
                    RunBudget.Charge(1);
                }
            }
            else
            {
                bool first = true;
                foreach (var kv in ((SentraMap)obj).Entries)
                {
                    if (total > Limits.MaxStringLength) break;
                    long item = PrintedLength(kv.Value, known, path, out bool inner);
                    if (item < 0) return -1;
                    cyclic |= inner;
                    total += kv.Key.Length + 2 + item + (first ? 0 : 2);
                    first = false;
                    RunBudget.Charge(1);
                }
            }
            path.Leave(obj);
            total = Math.Min(total, Limits.MaxStringLength + 1L);
            if (!cyclic) known[obj] = total;
            return total;
        }
        if (v.IsString) return v.AsStringUnchecked.Length;
        if (v.IsInt) return IntToString(v.AsIntUnchecked).Length;
        return ScalarString(v).Length;
    }
}
