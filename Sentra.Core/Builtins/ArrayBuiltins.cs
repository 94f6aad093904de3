// SPEC 4.2.4 array builtins. Mutating builtins change the caller's array in place.
// Builtins that call back into Sentra (sort with a comparator, map, filter, reduce, each)
// tolerate the callback mutating the array: they never hold a span across a call.
using System.Buffers;
using System.Runtime.CompilerServices;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>Array builtins (SPEC 4.2.4).</summary>
internal static class ArrayBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("push", 2, 2, Push);
        t.Add("pop", 1, 1, Pop);
        t.Add("shift", 1, 1, Shift);
        t.Add("unshift", 2, 2, static (_, a) =>
        {
            if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("unshift expects array");
            RunBudget.Charge(1); // amortized O(1): SentraArray adds in front into free slots
            arr.Insert(0, a[1]);
            return default;
        });
        t.Add("insert", 3, 3, Insert);
        t.Add("remove", 2, 2, Remove);
        t.Add("first", 1, 1, static (_, a) =>
        {
            if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("first expects array");
            return arr.Count == 0 ? default : arr[0];
        });
        t.Add("last", 1, 1, static (_, a) =>
        {
            if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("last expects array");
            return arr.Count == 0 ? default : arr[arr.Count - 1];
        });
        t.Add("reverse", 1, 1, static (_, a) =>
        {
            if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("reverse expects array");
            RunBudget.Charge(arr.Count);
            arr.Reverse();
            return a[0];
        });
        t.Add("sort", 1, 2, Sort);
        t.Add("range", 1, 3, Range);
        t.Add("sum", 1, 1, Sum);
        t.Add("avg", 1, 1, Avg);
        t.Add("min_arr", 1, 1, static (_, a) =>
            Exact.As<SentraArray>(a[0].RawObj) is { } arr ? Extreme(arr, -1) : BuiltinError.Of("min_arr expects array"));
        t.Add("max_arr", 1, 1, static (_, a) =>
            Exact.As<SentraArray>(a[0].RawObj) is { } arr ? Extreme(arr, 1) : BuiltinError.Of("max_arr expects array"));
        t.Add("unique", 1, 1, Unique);
        t.Add("flatten", 1, 1, Flatten);
        t.Add("zip", 2, 2, Zip);
        t.Add("enumerate", 1, 1, Enumerate);
        t.Add("count", 2, 2, Count);
        t.Add("fill", 2, 2, Fill);
        t.Add("concat", 2, 2, Concat);
        t.Add("map", 2, 2, Map);
        t.Add("filter", 2, 2, Filter);
        t.Add("reduce", 3, 3, Reduce);
        t.Add("each", 2, 2, Each);
    }

    // ---- basic mutation -----------------------------------------------------------------------

    private static Value Push(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraArray arr) return BuiltinError.Of("push expects array");
        arr.Add(a[1]);
        return default;
    }

    private static Value Pop(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraArray arr) return BuiltinError.Of("pop expects array");
        int n = arr.Count;
        return n == 0 ? default : arr.RemoveAt(n - 1);
    }

    private static Value Shift(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("shift expects array");
        RunBudget.Charge(1); // amortized O(1): SentraArray moves the start of its elements, not them
        return arr.Count == 0 ? default : arr.RemoveAt(0);
    }

    private static Value Insert(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("insert expects array");
        if (!Args.TryInt(a, 1, out long at)) return Args.ExpectsNumber("insert");
        long i = Math.Clamp(at, 0, arr.Count);
        RunBudget.Charge(arr.Count - i);
        arr.Insert((int)i, a[2]);
        return default;
    }

    /// <summary>Removes and returns element i; PROPOSED: on a map it is delete.</summary>
    private static Value Remove(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var o = a[0].RawObj;
        if (Exact.As<SentraMap>(o) is { } m)
        {
            m.Remove(ValueOps.MapKey(a[1]));
            return default;
        }
        if (o is not SentraArray arr) return BuiltinError.Of("remove expects array");
        if (!Args.TryInt(a, 1, out long i)) return Args.ExpectsNumber("remove");
        if (i < 0 || i >= arr.Count) return BuiltinError.Of("index out of bounds");
        RunBudget.Charge(arr.Count - i);
        return arr.RemoveAt((int)i);
    }

    // ---- sort ------------------------------------------------------------------------------

    private interface ILess
    {
        bool Less(Value a, Value b);
    }

    private readonly struct IntLess : ILess
    {
        public bool Less(Value a, Value b) => a.AsIntUnchecked < b.AsIntUnchecked;
    }

    private readonly struct NumberLess : ILess
    {
        public bool Less(Value a, Value b) => ValueOps.Compare(a, b) == -1;
    }

    private readonly struct StringLess : ILess
    {
        public bool Less(Value a, Value b) => ValueOps.CompareStrings(a.AsStringUnchecked, b.AsStringUnchecked) < 0;
    }

    /// <summary>
    /// A user comparator: negative number or true means "a before b". A result of another
    /// kind is the sort's error, kept in <c>error</c> (Sort returns it, no .NET exception);
    /// the comparator is not called again after it, so the sort just finishes.
    /// </summary>
    private readonly struct CallbackLess : ILess
    {
        private readonly IRuntime _rt;
        private readonly Value _fn;
        private readonly StrongBox<string?> _error;

        public CallbackLess(IRuntime rt, Value fn, StrongBox<string?> error)
        {
            _rt = rt;
            _fn = fn;
            _error = error;
        }

        public bool Less(Value a, Value b)
        {
            if (_error.Value is not null) return false;
            var r = _rt.Call(_fn, [a, b]);
            if (r.IsInt) return r.AsIntUnchecked < 0;
            if (r.IsFloat) return r.AsFloatUnchecked < 0;
            if (r.IsBool) return r.AsBoolUnchecked;
            _error.Value = $"sort comparator must return a number or bool, got {r.TypeName}";
            return false;
        }
    }

    /// <summary>PROPOSED sort: stable, in place, returns the same array.</summary>
    private static Value Sort(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("sort expects array");
        if (a.Length > 1 && !a[1].IsNil)
        {
            var fn = a[1];
            if (!fn.IsCallable) return BuiltinError.Of("sort expects a function as comparator");
            // The comparator runs Sentra code that may change the array: sort a copy.
            var copy = arr.Items.ToArray();
            var error = new StrongBox<string?>();
            StableSort(copy, new CallbackLess(rt, fn, error));
            if (error.Value is { } message) return BuiltinError.Of(message);
            if (arr.Count == copy.Length) copy.CopyTo(arr.Items);
            else { arr.Clear(); arr.AddRange(copy); }
            return a[0];
        }
        RunBudget.Charge(arr.Count);
        if (arr.TrySortInts()) return a[0]; // packed ints: already known to be all ints
        var items = arr.Items;
        if (items.Length < 2) return a[0];
        var first = items[0];
        if (first.IsNumber)
        {
            bool allInt = true;
            foreach (var v in items)
            {
                if (!v.IsNumber) return SortMismatch(first, v);
                allInt &= v.IsInt;
            }
            if (allInt) StableSort(items, new IntLess());
            else StableSort(items, new NumberLess());
        }
        else if (first.IsString)
        {
            foreach (var v in items)
                if (!v.IsString) return SortMismatch(first, v);
            StableSort(items, new StringLess());
        }
        else return SortMismatch(first, items[1]);
        return a[0];
    }

    private static Value SortMismatch(Value a, Value b) => BuiltinError.Of($"sort: cannot compare {a.TypeName} and {b.TypeName}");

    /// <summary>Bottom-up merge sort over insertion-sorted runs (stable).</summary>
    private static void StableSort<T>(Span<Value> a, T less) where T : struct, ILess
    {
        const int Run = 16;
        int n = a.Length;
        if (n < 2) return;
        for (int lo = 0; lo < n; lo += Run) InsertionSort(a.Slice(lo, Math.Min(Run, n - lo)), less);
        if (n <= Run) return;
        RunBudget.Reserve((long)n * Unsafe.SizeOf<Value>());
        var buffer = new Value[n];
        Span<Value> src = a, dst = buffer;
        bool inBuffer = false;
        for (int width = Run; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                Merge(src, dst, lo, mid, hi, less);
                RunBudget.Charge(hi - lo); // a long sort stops on time
            }
            var t = src;
            src = dst;
            dst = t;
            inBuffer = !inBuffer;
        }
        if (inBuffer) src.CopyTo(a);
    }

    private static void InsertionSort<T>(Span<Value> a, T less) where T : struct, ILess
    {
        for (int i = 1; i < a.Length; i++)
        {
            var x = a[i];
            int j = i - 1;
            while (j >= 0 && less.Less(x, a[j]))
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }

    private static void Merge<T>(Span<Value> src, Span<Value> dst, int lo, int mid, int hi, T less) where T : struct, ILess
    {
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
            dst[k++] = less.Less(src[j], src[i]) ? src[j++] : src[i++];
        while (i < mid) dst[k++] = src[i++];
        while (j < hi) dst[k++] = src[j++];
    }

    // ---- construction ------------------------------------------------------------------------

    /// <summary>range(n), range(a, b), range(a, b, step) (PROPOSED forms).</summary>
    private static Value Range(IRuntime rt, ReadOnlySpan<Value> a)
    {
        long start = 0, end, step = 1;
        if (a.Length == 1)
        {
            if (!Args.TryInt(a, 0, out end)) return Args.ExpectsNumber("range");
        }
        else if (!Args.TryInt(a, 0, out start) || !Args.TryInt(a, 1, out end) || (a.Length == 3 && !Args.TryInt(a, 2, out step)))
            return Args.ExpectsNumber("range");
        if (step == 0) return BuiltinError.Of("range step cannot be zero");
        // the distance and the step as unsigned magnitudes (both fit in a ulong): no Int128,
        // whose operators have no precompiled code in the ReadyToRun CLI
        ulong distance = step > 0 ? (end > start ? unchecked((ulong)(end - start)) : 0)
                                  : (start > end ? unchecked((ulong)(start - end)) : 0);
        ulong stride = step > 0 ? (ulong)step : unchecked(0UL - (ulong)step);
        ulong count = distance == 0 ? 0 : (distance - 1) / stride + 1;
        if (count > (ulong)Limits.MaxArrayLength) return BuiltinError.Of("array too large");
        int n = (int)count;
        RunBudget.Reserve((long)n * sizeof(long));
        var ints = new long[n];
        long v = start;
        for (int i = 0; i < n; i++)
        {
            ints[i] = v;
            v = unchecked(v + step);
        }
        return SentraArray.OfInts(ints, n);
    }

    private static Value Fill(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 0, out long count)) return Args.ExpectsNumber("fill");
        long n = Math.Max(0, count);
        if (n > Limits.MaxArrayLength) return BuiltinError.Of("array too large");
        RunBudget.Reserve(n * Unsafe.SizeOf<Value>());
        return SentraArray.Filled((int)n, a[1]);
    }

    private static Value Concat(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraArray x || a[1].RawObj is not SentraArray y) return BuiltinError.Of("concat expects two arrays");
        if ((long)x.Count + y.Count > Limits.MaxArrayLength) return BuiltinError.Of("array too large");
        RunBudget.Reserve(((long)x.Count + y.Count) * Unsafe.SizeOf<Value>());
        var arr = new SentraArray();
        arr.AddAll(x);
        arr.AddAll(y);
        return arr;
    }

    // ---- aggregates --------------------------------------------------------------------------

    /// <summary>Sum of the numeric elements, int-preserving (PROPOSED).</summary>
    private static Value Sum(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } items) return BuiltinError.Of("sum expects array");
        RunBudget.Charge(items.Count);
        // ints in a long while they fit; the exact 128-bit sum only after an overflow (Int128
        // arithmetic is not precompiled, so keeping it out of the common path keeps sum()
        // out of the JIT)
        long fast = 0;
        foreach (var v in items)
        {
            if (!v.IsInt || !IntArith.TryAdd(fast, v.AsIntUnchecked, out fast)) return SumExact(items);
        }
        return Value.FromInt(fast);
    }

    private static Value SumExact(SentraArray items)
    {
        bool anyFloat = false;
        Int128 isum = 0;
        foreach (var v in items)
        {
            if (v.IsInt) isum += v.AsIntUnchecked;
            else if (v.IsFloat) { anyFloat = true; break; }
        }
        if (!anyFloat)
            return isum >= long.MinValue && isum <= long.MaxValue ? Value.FromInt((long)isum) : Value.FromFloat((double)isum);
        double sum = 0;
        foreach (var v in items)
            if (v.IsNumber) sum += v.ToDouble();
        return Value.FromFloat(sum);
    }

    /// <summary>Mean over all elements (non-numbers count as 0, as in Go); 0.0 for empty.</summary>
    private static Value Avg(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } items) return BuiltinError.Of("avg expects array");
        RunBudget.Charge(items.Count);
        if (items.Count == 0) return Value.FromFloat(0.0);
        double sum = 0;
        foreach (var v in items)
            if (v.IsNumber) sum += v.ToDouble();
        return Value.FromFloat(sum / items.Count);
    }

    /// <summary>The smallest (sign -1) or largest (sign 1) numeric element itself; nil if none.</summary>
    private static Value Extreme(SentraArray arr, int sign)
    {
        RunBudget.Charge(arr.Count);
        Value best = default;
        bool found = false;
        foreach (var v in arr)
        {
            if (!v.IsNumber) continue;
            if (!found) { best = v; found = true; continue; }
            if (ValueOps.Compare(v, best) == sign) best = v;
        }
        return best;
    }

    private static Value Unique(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("unique expects array");
        RunBudget.Charge(arr.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new SentraArray();
        foreach (var v in arr)
            if (seen.Add(ValueOps.MapKey(v))) result.Add(v);
        return result;
    }

    private static Value Flatten(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("flatten expects array");
        RunBudget.Charge(arr.Count);
        var result = new SentraArray(arr.Count);
        foreach (var v in arr)
        {
            if (Exact.As<SentraArray>(v.RawObj) is { } inner) result.AddAll(inner);
            else result.Add(v);
        }
        return result;
    }

    private static Value Zip(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (a[0].RawObj is not SentraArray x || a[1].RawObj is not SentraArray y) return BuiltinError.Of("zip expects two arrays");
        int n = Math.Min(x.Count, y.Count);
        RunBudget.Charge(n);
        var result = new SentraArray(n);
        for (int i = 0; i < n; i++) result.Add(Pair(x[i], y[i]));
        return result;
    }

    private static Value Enumerate(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("enumerate expects array");
        RunBudget.Charge(arr.Count);
        var result = new SentraArray(arr.Count);
        for (int i = 0; i < arr.Count; i++) result.Add(Pair(Value.FromInt(i), arr[i]));
        return result;
    }

    private static SentraArray Pair(Value x, Value y)
    {
        var p = new SentraArray(2);
        p.Add(x);
        p.Add(y);
        return p;
    }

    /// <summary>Number of elements whose str() equals str(v) (Go behaviour).</summary>
    private static Value Count(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("count expects array as first argument");
        RunBudget.Charge(arr.Count);
        string target = ValueOps.MapKey(a[1]);
        long n = 0;
        foreach (var v in arr)
            if (ValueOps.MapKey(v) == target) n++;
        return Value.FromInt(n);
    }

    // ---- higher-order (PROPOSED) ---------------------------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Value NotCallable(string name) => BuiltinError.Of($"{name} expects a function as second argument");

    /// <summary>
    /// The elements of an array as the arguments of one call each: what map, filter, reduce
    /// and each share. Reads up to the length the array had when the builtin started and stops
    /// early if a callback shrinks it. The calls go through <see cref="IRuntime.CallEach"/>,
    /// which the interpreter runs without leaving its dispatch loop (entering it costs more
    /// than a small callback's whole body: docs/performance.md, "Callbacks without leaving the loop").
    /// </summary>
    private abstract class ElementLoop(SentraArray arr) : CallbackLoop
    {
        private readonly int _n = arr.Count;
        private int _i;
        /// <summary>The element of the last call.</summary>
        protected Value Element;

        public override int ArgumentCount => 1;

        public override bool Next(Span<Value> args)
        {
            if (_i >= _n || _i >= arr.Count) return false;
            Element = arr[_i++];
            args[^1] = Element; // reduce puts its accumulator first
            return true;
        }
    }

    /// <summary>
    /// A result array's values as they are produced: a pooled buffer, then an array of
    /// exactly their number, packed when they share a kind (ints, floats or bools). Growing
    /// the result by doubling left as much garbage again as the result per call, fresh memory
    /// that the GC and the kernel must clear (docs/performance.md, "Allocation").
    /// </summary>
    private abstract class CollectingLoop(SentraArray arr) : ElementLoop(arr), IDisposable
    {
        private readonly Value[] _buffer = ArrayPool<Value>.Shared.Rent(arr.Count);
        private int _count;

        protected void Collect(Value v) => _buffer[_count++] = v;
        public SentraArray ToArray() => SentraArray.PackedIfUniform(_buffer.AsSpan(0, _count));

        public void Dispose()
        {
            _buffer.AsSpan(0, _count).Clear(); // the pool must not keep the values alive
            ArrayPool<Value>.Shared.Return(_buffer);
        }
    }

    private sealed class MapLoop(SentraArray arr) : CollectingLoop(arr)
    {
        public override void Result(Value result) => Collect(result);
    }

    private sealed class FilterLoop(SentraArray arr) : CollectingLoop(arr)
    {
        public override void Result(Value result)
        {
            if (result.IsTruthy) Collect(Element);
        }
    }

    private sealed class ReduceLoop(SentraArray arr, Value init) : ElementLoop(arr)
    {
        public Value Accumulator = init;
        public override int ArgumentCount => 2;

        public override bool Next(Span<Value> args)
        {
            args[0] = Accumulator;
            return base.Next(args);
        }

        public override void Result(Value result) => Accumulator = result;
    }

    private sealed class EachLoop(SentraArray arr) : ElementLoop(arr)
    {
        public override void Result(Value result) { }
    }

    private static Value Map(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("map expects array");
        if (!a[1].IsCallable) return NotCallable("map");
        using var loop = new MapLoop(arr);
        rt.CallEach(a[1], loop);
        return loop.ToArray();
    }

    private static Value Filter(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("filter expects array");
        if (!a[1].IsCallable) return NotCallable("filter");
        using var loop = new FilterLoop(arr);
        rt.CallEach(a[1], loop);
        return loop.ToArray();
    }

    /// <summary>reduce(arr, f, init) (SPEC 4.2.4: exactly three arguments).</summary>
    private static Value Reduce(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("reduce expects array");
        if (!a[1].IsCallable) return NotCallable("reduce");
        var loop = new ReduceLoop(arr, a[2]);
        rt.CallEach(a[1], loop);
        return loop.Accumulator;
    }

    private static Value Each(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Exact.As<SentraArray>(a[0].RawObj) is not { } arr) return BuiltinError.Of("each expects array");
        if (!a[1].IsCallable) return NotCallable("each");
        rt.CallEach(a[1], new EachLoop(arr));
        return default;
    }
}
