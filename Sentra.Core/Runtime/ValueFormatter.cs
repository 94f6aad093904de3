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
        if (v.IsString) return v.AsString;
        if (v.IsInt) return IntToString(v.AsInt);
        var obj = v.RawObj;
        if (obj is SentraArray or SentraMap)
        {
            var sb = Pools.StringBuilders.Get();
            try
            {
                var path = new List<object>();
                Append(sb, v, path);
                return sb.ToString();
            }
            finally { Pools.StringBuilders.Return(sb); }
        }
        return ScalarString(v);
    }

    /// <summary>Appends the print format of v.</summary>
    public static void Append(StringBuilder sb, Value v)
    {
        if (v.IsString) { sb.Append(v.AsString); return; }
        if (v.IsInt) { sb.Append(IntToString(v.AsInt)); return; }
        if (v.RawObj is SentraArray or SentraMap) { Append(sb, v, new List<object>()); return; }
        sb.Append(ScalarString(v));
    }

    private static string ScalarString(Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Nil: return "nil";
            case ValueKind.Bool: return v.AsBool ? "true" : "false";
            case ValueKind.Int: return IntToString(v.AsInt);
            case ValueKind.Float: return NumberFormat.FormatGo(v.AsFloat);
            case ValueKind.String: return v.AsString;
            case ValueKind.Function: return v.RawObj is Closure ? "<function>" : "<native function>";
            case ValueKind.Module: return "<module " + ((SentraModule)v.RawObj!).Name + ">";
            default: return "nil";
        }
    }

    private static void Append(StringBuilder sb, Value v, List<object> path)
    {
        var obj = v.RawObj;
        if (obj is SentraArray arr)
        {
            if (path.Contains(arr)) { sb.Append("[...]"); return; }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
            path.Add(arr);
            sb.Append('[');
            for (int i = 0; i < arr.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Append(sb, arr[i], path);
            }
            sb.Append(']');
            path.RemoveAt(path.Count - 1);
        }
        else if (obj is SentraMap map)
        {
            if (path.Contains(map)) { sb.Append("{...}"); return; }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
            path.Add(map);
            sb.Append('{');
            bool first = true;
            foreach (var kv in map.Entries)
            {
                if (!first) sb.Append(", ");
                first = false;
                sb.Append(kv.Key).Append(": ");
                Append(sb, kv.Value, path);
            }
            sb.Append('}');
            path.RemoveAt(path.Count - 1);
        }
        else if (v.IsString) sb.Append(v.AsString);
        else if (v.IsInt) sb.Append(IntToString(v.AsInt));
        else sb.Append(ScalarString(v));
    }
}
