using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sentra.Execution;
using Sentra.Runtime;

namespace Sentra.Jit.Emit;

/// <summary>
/// Out-of-line operations that compiled code calls for values of unknown kind. Each has the
/// interpreter's inline fast path (ints, floats, general array storage) and otherwise calls
/// the same slow path the interpreter calls (ValueOps, Interpreter's shared helpers), so the
/// semantics and every error message are the interpreter's.
/// </summary>
public static class JitOps
{
    public static Value Add(Value a, Value b) => AddInline(a, b, out Value r) ? r : ValueOps.Add(a, b);

    /// <summary>The int (without overflow) and float cases of Add, as the interpreter takes them inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AddInline(Value a, Value b, out Value result)
    {
        if (a.IsInt && b.IsInt && IntArith.TryAdd(a.AsIntUnchecked, b.AsIntUnchecked, out long r)) result = Value.FromInt(r);
        else if (a.IsFloat && b.IsFloat) result = Value.FromFloat(a.AsFloatUnchecked + b.AsFloatUnchecked);
        else
        {
            result = default;
            return false;
        }
        return true;
    }

    public static Value Sub(Value a, Value b) => SubInline(a, b, out Value r) ? r : ValueOps.Sub(a, b);

    /// <summary>The int (without overflow) and float cases of Sub, as the interpreter takes them inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SubInline(Value a, Value b, out Value result)
    {
        if (a.IsInt && b.IsInt && IntArith.TrySub(a.AsIntUnchecked, b.AsIntUnchecked, out long r)) result = Value.FromInt(r);
        else if (a.IsFloat && b.IsFloat) result = Value.FromFloat(a.AsFloatUnchecked - b.AsFloatUnchecked);
        else
        {
            result = default;
            return false;
        }
        return true;
    }

    public static Value Mul(Value a, Value b) => MulInline(a, b, out Value r) ? r : ValueOps.Mul(a, b);

    /// <summary>The int (without overflow) and float cases of Mul, as the interpreter takes them inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MulInline(Value a, Value b, out Value result)
    {
        if (a.IsInt && b.IsInt && IntArith.TryMul(a.AsIntUnchecked, b.AsIntUnchecked, out long r)) result = Value.FromInt(r);
        else if (a.IsFloat && b.IsFloat) result = Value.FromFloat(a.AsFloatUnchecked * b.AsFloatUnchecked);
        else
        {
            result = default;
            return false;
        }
        return true;
    }

    public static Value Div(Value a, Value b) => ValueOps.Div(a, b);

    public static Value Mod(Value a, Value b)
    {
        if (a.IsInt && b.IsInt && b.AsIntUnchecked > 0) return Value.FromInt(a.AsIntUnchecked % b.AsIntUnchecked);
        return ValueOps.Mod(a, b);
    }

    // the messages of ValueOps.Div and ValueOps.Mod
    private const string DivisionByZero = "division by zero";
    private const string ModuloByZero = "modulo by zero";

    /// <summary>Float division of two numbers (the divisor checked as ValueOps.Div does).</summary>
    public static double DivF(double a, double b)
    {
        if (b == 0) Throw.Error(DivisionByZero);
        return a / b;
    }

    /// <summary>Int modulo (SPEC 3.2: the sign of the dividend; by zero an error).</summary>
    public static long ModI(long a, long b)
    {
        if (b > 0) return a % b;
        if (b == 0) Throw.Error(ModuloByZero);
        return b == -1 ? 0 : a % b;
    }

    public static double ModF(double a, double b)
    {
        if (b == 0) Throw.Error(ModuloByZero);
        return ValueOps.FMod(a, b);
    }

    public static Value Negate(Value a) => ValueOps.Negate(a);

    public static bool Equal(Value a, Value b) => ValueOps.Equal(a, b);
    public static bool Less(Value a, Value b) => a.IsInt && b.IsInt ? a.AsIntUnchecked < b.AsIntUnchecked : ValueOps.Less(a, b);
    public static bool LessEqual(Value a, Value b) => a.IsInt && b.IsInt ? a.AsIntUnchecked <= b.AsIntUnchecked : ValueOps.LessEqual(a, b);
    public static bool Greater(Value a, Value b) => a.IsInt && b.IsInt ? a.AsIntUnchecked > b.AsIntUnchecked : ValueOps.Greater(a, b);
    public static bool GreaterEqual(Value a, Value b) => a.IsInt && b.IsInt ? a.AsIntUnchecked >= b.AsIntUnchecked : ValueOps.GreaterEqual(a, b);

    public static bool Truthy(Value v) => v.IsTruthy;

    // ---- containers ----------------------------------------------------------------------

    // the casts after an exact type test in compiled code (no second test)
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long[] AsLongs(object o) => Unsafe.As<long[]>(o);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double[] AsDoubles(object o) => Unsafe.As<double[]>(o);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool[] AsBools(object o) => Unsafe.As<bool[]>(o);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Value[] AsValues(object o) => Unsafe.As<Value[]>(o);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SentraMap AsMap(object o) => Unsafe.As<SentraMap>(o);

    public static Value GetIndex(Value target, Value index)
    {
        if (index.IsInt) return GetIndexI(target, index.AsIntUnchecked);
        return ValueOps.GetIndex(target, index);
    }

    public static Value GetIndexI(Value target, long i) =>
        Exact.As<SentraArray>(target.RawObj) is { } arr ? Element(arr, i) : ValueOps.GetIndex(target, Value.FromInt(i));

    /// <summary>arr[i], nil out of range (general storage read inline).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value Element(SentraArray arr, long i)
    {
        if ((ulong)i >= (ulong)arr.Count) return default;
        if (arr.Data.GetType() == typeof(Value[])) return Unsafe.As<Value[]>(arr.Data)[i];
        return arr[(int)i];
    }

    /// <summary>
    /// s[i] for an ordinary string: the string the runtime last found free of surrogates (a
    /// scanner's source, read again and again) is indexed directly, anything else through
    /// StringOps.CharAt. Small enough for the .NET JIT to inline into compiled code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value StringCharAt(string s, long i)
    {
        if ((ulong)i < (ulong)s.Length && ReferenceEquals(s, StringOps.PlainString))
        {
            char c = s[(int)i];
            if (c < 256) return Value.FromString(CharCache.Get(c));
        }
        return StringOps.CharAt(s, i);
    }

    /// <summary>target[key] for a constant key (GetIndexK): maps through the instruction's inline cache (shared with the interpreter), anything else as GetIndex.</summary>
    public static Value GetIndexKey(Value target, Value key, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map) return map.GetCached(key.AsPlainString, ref hint);
        return ValueOps.GetIndex(target, key);
    }

    /// <summary>target.name (SPEC 3.8), maps through the instruction's inline cache.</summary>
    public static Value GetProp(Value target, Value name, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map) return map.GetCached(name.AsPlainString, ref hint);
        return Interpreter.GetProperty(target, name.AsPlainString);
    }

    public static void SetIndex(Value target, Value index, Value value)
    {
        if (Exact.As<SentraArray>(target.RawObj) is { } arr && index.IsInt && (ulong)index.AsIntUnchecked < (ulong)arr.Count)
        {
            arr.SetInRange((int)index.AsIntUnchecked, value);
            return;
        }
        ValueOps.SetIndex(target, index, value);
    }

    public static void SetIndexI(Value target, long i, Value value)
    {
        if (Exact.As<SentraArray>(target.RawObj) is { } arr && (ulong)i < (ulong)arr.Count)
        {
            arr.SetInRange((int)i, value);
            return;
        }
        ValueOps.SetIndex(target, Value.FromInt(i), value);
    }

    /// <summary>target[key] := value for a constant key (SetIndexK), maps through the inline cache.</summary>
    public static void SetIndexKey(Value target, Value key, Value value, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map)
        {
            map.SetCached(key.AsPlainString, value, ref hint);
            return;
        }
        ValueOps.SetIndex(target, key, value);
    }

    /// <summary>target.name := value (SetProp): the interpreter's property-store semantics.</summary>
    public static void SetProp(Value target, Value name, Value value, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map)
        {
            map.SetCached(name.AsPlainString, value, ref hint);
            return;
        }
        Interpreter.SetProperty(target, name.AsPlainString, value);
    }

    /// <summary>A new array of the top <paramref name="n"/> values (written by <see cref="Interpreter.JitArgs"/>); pops them.</summary>
    public static Value NewArray(Interpreter interp, int n)
    {
        var arr = new SentraArray(interp.JitArgSpan(n));
        interp.JitPopArgs(n);
        return Value.FromObject(arr);
    }

    /// <summary>A new map of the top 2n values (key, value pairs); pops them.</summary>
    public static Value NewMap(Interpreter interp, int n)
    {
        var items = interp.JitArgSpan(2 * n);
        var map = new SentraMap(n);
        for (int i = 0; i < items.Length; i += 2) map.Set(ValueOps.MapKey(items[i]), items[i + 1]);
        interp.JitPopArgs(2 * n);
        return Value.FromObject(map);
    }

    /// <summary>Joins the top <paramref name="n"/> values (strings, or ints formatted as str does); pops them.</summary>
    public static Value ConcatN(Interpreter interp, int n)
    {
        var s = Interpreter.ConcatStrings(interp.JitArgSpan(n));
        interp.JitPopArgs(n);
        return Value.FromString(s);
    }

    /// <summary>ToStr: an int or a string stays as it is; anything else becomes its str() text.</summary>
    public static Value ToStr(Value a) => a.IsString || a.IsInt ? a : Value.FromString(ValueFormatter.ToDisplayString(a));

    /// <summary>StrCall: str(a) through global g of the closure's module.</summary>
    public static Value StrCall(Interpreter interp, Closure closure, int g, Value a)
    {
        Value callee = closure.Globals[g];
        if (ReferenceEquals(callee.RawObj, s_str) && (a.IsInt || a.IsString)) return a;
        if (callee.IsUndefined) Interpreter.UndefinedGlobal(closure, g);
        interp.JitArgs(1) = a;
        return interp.JitCall(callee, 1);
    }

    private static readonly object s_str = Builtins.BuiltinRegistry.Globals[Builtins.BuiltinRegistry.SlotOf("str")].RawObj!;

    /// <summary>A closure of nested function <paramref name="index"/> over <paramref name="cells"/>.</summary>
    public static Value NewClosure(Closure parent, int index, Cell[] cells) =>
        Value.FromObject(new Closure(parent.Proto.Protos[index], cells, parent.Module));

    /// <summary>The cell a captured local holds.</summary>
    public static Cell CellOf(Value v) => Unsafe.As<Cell>(v.RawObj!);

    public static Value NewCell() => Value.FromObject(new Cell());
    public static Value WrapCell(Value v) => Value.FromObject(new Cell(v));

    public static void IterInit(Value iterable, ref Value source, ref Value position) =>
        Interpreter.IterInit(iterable, ref source, ref position);

    /// <summary>The next element of a for-in iteration (false when done), as the interpreter's IterNext.</summary>
    public static bool IterNext(ref Value source, ref Value position, out Value element)
    {
        long i = position.AsIntUnchecked;
        if (Exact.As<SentraArray>(source.RawObj) is { } arr)
        {
            if (i < arr.Count)
            {
                position = Value.FromInt(i + 1);
                element = arr[(int)i];
                return true;
            }
            element = default;
            return false;
        }
        string str = source.AsStringUnchecked;
        if (i < str.Length)
        {
            int len = char.IsHighSurrogate(str[(int)i]) && i + 1 < str.Length && char.IsLowSurrogate(str[(int)i + 1]) ? 2 : 1;
            element = Value.FromString(len == 1 ? Interpreter.CharString(str[(int)i]) : str.Substring((int)i, 2));
            position = Value.FromInt(i + len);
            return true;
        }
        element = default;
        return false;
    }

    public static void CheckGlobal(Closure closure, int g)
    {
        if (closure.Globals[g].IsUndefined) Interpreter.UndefinedGlobal(closure, g);
    }

    /// <summary>A reference to the i-th slot after <paramref name="first"/> (argument areas, frames).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref Value At(ref Value first, int i) => ref Unsafe.Add(ref first, i);

    /// <summary>Copies <paramref name="count"/> slots starting at <paramref name="first"/> into a new array of <paramref name="length"/> (the rest nil).</summary>
    public static Value[] CopySlots(ref Value first, int count, int length)
    {
        var a = new Value[length];
        MemoryMarshal.CreateReadOnlySpan(ref first, count).CopyTo(a);
        return a;
    }

    // ---- the same operations with their error returned (functions with handlers) ---------
    //
    // Each returns what the operation above returns, or the SPEC error it raises as a
    // BuiltinError value (the stores: nil or the error), so that compiled code with handlers
    // routes it as it routes a builtin's returned error: a caught runtime error costs no .NET
    // exception. Functions without handlers call the throwing forms (a smaller check).

    private static Value Result(Value r, string? error) => error is null ? r : BuiltinError.Of(error);

    private static Value Done(string? error) => error is null ? default : BuiltinError.Of(error);

    public static Value AddOrError(Value a, Value b) =>
        AddInline(a, b, out Value r) ? r : Result(ValueOps.Add(a, b, out string? error), error);

    public static Value SubOrError(Value a, Value b) =>
        SubInline(a, b, out Value r) ? r : Result(ValueOps.Sub(a, b, out string? error), error);

    public static Value MulOrError(Value a, Value b) =>
        MulInline(a, b, out Value r) ? r : Result(ValueOps.Mul(a, b, out string? error), error);

    public static Value DivOrError(Value a, Value b) => Result(ValueOps.Div(a, b, out string? error), error);

    public static Value ModOrError(Value a, Value b)
    {
        if (a.IsInt && b.IsInt && b.AsIntUnchecked > 0) return Value.FromInt(a.AsIntUnchecked % b.AsIntUnchecked);
        return Result(ValueOps.Mod(a, b, out string? error), error);
    }

    public static Value NegateOrError(Value a) => Result(ValueOps.Negate(a, out string? error), error);

    public static Value DivFOrError(double a, double b) => b == 0 ? BuiltinError.Of(DivisionByZero) : Value.FromFloat(a / b);
    public static Value ModIOrError(long a, long b) => b == 0 ? BuiltinError.Of(ModuloByZero) : Value.FromInt(ModI(a, b));
    public static Value ModFOrError(double a, double b) => b == 0 ? BuiltinError.Of(ModuloByZero) : Value.FromFloat(ValueOps.FMod(a, b));

    /// <summary>a &lt; b as a bool value (compiled code reads its bits), or the error; likewise the other orderings.</summary>
    public static Value LessOrError(Value a, Value b) => Ordered(a, b, true, false, false);
    public static Value LessEqualOrError(Value a, Value b) => Ordered(a, b, true, true, false);
    public static Value GreaterOrError(Value a, Value b) => Ordered(a, b, false, false, true);
    public static Value GreaterEqualOrError(Value a, Value b) => Ordered(a, b, false, true, true);

    // the comparison's result for each ordering (unordered, NaN, is false for all four)
    private static Value Ordered(Value a, Value b, bool less, bool equal, bool greater)
    {
        int c = ValueOps.Compare(a, b, out string? error);
        if (error is not null) return BuiltinError.Of(error);
        return Value.FromBool(c == -1 ? less : c == 0 ? equal : c == 1 && greater);
    }

    public static Value GetIndexOrError(Value target, Value index)
    {
        if (index.IsInt) return GetIndexIOrError(target, index.AsIntUnchecked);
        return ValueOps.GetIndex(target, index, out Value r) is { } error ? BuiltinError.Of(error) : r;
    }

    public static Value GetIndexIOrError(Value target, long i)
    {
        if (Exact.As<SentraArray>(target.RawObj) is { } arr) return Element(arr, i);
        return ValueOps.GetIndex(target, Value.FromInt(i), out Value r) is { } error ? BuiltinError.Of(error) : r;
    }

    public static Value GetIndexKeyOrError(Value target, Value key, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map) return map.GetCached(key.AsPlainString, ref hint);
        return ValueOps.GetIndex(target, key, out Value r) is { } error ? BuiltinError.Of(error) : r;
    }

    public static Value GetPropOrError(Value target, Value name, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map) return map.GetCached(name.AsPlainString, ref hint);
        return Interpreter.GetProperty(target, name.AsPlainString, out Value r) is { } error ? BuiltinError.Of(error) : r;
    }

    public static Value SetIndexOrError(Value target, Value index, Value value)
    {
        if (Exact.As<SentraArray>(target.RawObj) is { } arr && index.IsInt && (ulong)index.AsIntUnchecked < (ulong)arr.Count)
        {
            arr.SetInRange((int)index.AsIntUnchecked, value);
            return default;
        }
        return Done(ValueOps.SetIndexOrError(target, index, value));
    }

    public static Value SetIndexIOrError(Value target, long i, Value value)
    {
        if (Exact.As<SentraArray>(target.RawObj) is { } arr && (ulong)i < (ulong)arr.Count)
        {
            arr.SetInRange((int)i, value);
            return default;
        }
        return Done(ValueOps.SetIndexOrError(target, Value.FromInt(i), value));
    }

    public static Value SetIndexKeyOrError(Value target, Value key, Value value, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map)
        {
            map.SetCached(key.AsPlainString, value, ref hint);
            return default;
        }
        return Done(ValueOps.SetIndexOrError(target, key, value));
    }

    public static Value SetPropOrError(Value target, Value name, Value value, ref int hint)
    {
        if (Exact.As<SentraMap>(target.RawObj) is { } map)
        {
            map.SetCached(name.AsPlainString, value, ref hint);
            return default;
        }
        return Done(ValueOps.SetIndexOrError(target, name, value));
    }
}
