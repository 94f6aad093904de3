using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sentra.Runtime;

/// <summary>The SPEC 3.14 print format (<c>str(v)</c>, <c>log(v)</c>, concatenation, <c>join</c>).</summary>
public static class ValueFormatter
{
    // str() of small non-negative ints (indices, counters, ids) is shared, not allocated
    private static readonly string?[] s_smallInts = new string?[1024];

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
                Append(sb, v, NewPath());
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
        if (v.RawObj is SentraArray or SentraMap) { Append(sb, v, NewPath()); return; }
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
    private sealed class Path
    {
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
                _set = new HashSet<object>(ReferenceEqualityComparer.Instance) { container };
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
    }

    private static Path NewPath() => new();

    private static void Append(StringBuilder sb, Value v, Path path)
    {
        var obj = v.RawObj;
        if (obj is SentraArray arr)
        {
            if (!path.Enter(arr)) { sb.Append("[...]"); return; }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            sb.Append('[');
            for (int i = 0; i < arr.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Append(sb, arr[i], path);
                Written(sb);
            }
            sb.Append(']');
            path.Leave(arr);
        }
        else if (obj is SentraMap map)
        {
            if (!path.Enter(map)) { sb.Append("{...}"); return; }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            sb.Append('{');
            bool first = true;
            foreach (var kv in map.Entries)
            {
                if (!first) sb.Append(", ");
                first = false;
                sb.Append(kv.Key).Append(": ");
                Append(sb, kv.Value, path);
                Written(sb);
            }
            sb.Append('}');
            path.Leave(map);
        }
        else if (v.IsString)
        {
            sb.Append(v.AsStringUnchecked);
            RunBudget.Charge(v.AsStringUnchecked.Length);
        }
        else if (v.IsInt) sb.Append(IntToString(v.AsIntUnchecked));
        else sb.Append(ScalarString(v));
    }

    /// <summary>
    /// After each element: the output is held to the string cap as it grows (a shared
    /// structure can print far more than it holds), and the element counts as work against
    /// the run's time and memory budget.
    /// </summary>
    private static void Written(StringBuilder sb)
    {
        if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
        RunBudget.Charge(1);
    }
}
