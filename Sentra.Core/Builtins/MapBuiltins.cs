// SPEC 4.2.5 map builtins. Maps keep insertion order (SPEC 3.7.2); keys are str() of the key.
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>keys, values, has_key/has, delete (SPEC 4.2.5).</summary>
internal static class MapBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("keys", 1, 1, Keys);
        t.Add("values", 1, 1, Values);
        t.Add("has_key", 2, 2, HasKey);
        t.Alias("has", "has_key");
        t.Add("delete", 2, 2, Delete);
    }

    private static Value Keys(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraMap m) return BuiltinError.Of("keys expects map");
        int n = m.Count;
        RunBudget.Charge(n);
        var arr = new SentraArray(n);
        for (int i = 0; i < n; i++) arr.Add(Value.FromString(m.KeyAt(i)));
        return arr;
    }

    private static Value Values(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraMap m) return BuiltinError.Of("values expects map");
        int n = m.Count;
        RunBudget.Charge(n);
        var arr = new SentraArray(n);
        for (int i = 0; i < n; i++) arr.Add(m.ValueAt(i));
        return arr;
    }

    /// <summary>Key str(k) present; a non-map gives false (Go behaviour).</summary>
    private static Value HasKey(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraMap m) return Value.False;
        return Value.FromBool(ValueOps.HasKey(m, a[1]));
    }

    private static Value Delete(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraMap m) return BuiltinError.Of("delete expects map");
        m.Remove(ValueOps.MapKey(a[1]));
        return default;
    }
}
