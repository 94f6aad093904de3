using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Runtime;

namespace Sentra.Execution;

// Out-of-line paths of the dispatch loop (STYLE practice 3).
public sealed partial class Interpreter
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void UndefinedGlobal(Closure closure, int slot) =>
        Throw.Error($"undefined variable: {closure.Module.Script.GlobalNames[slot]}");

    // Error paths of the dispatch loop live here, not inline: Execute is at the JIT's
    // inlining budget for one method (docs/performance.md, "`Execute` is at the inlining budget"), and message
    // formatting inlined into it spends that budget for nothing.
    /// <summary>SPEC 2.5 property assignment on anything but a map: <c>a.name = v</c> is <c>a["name"] = v</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void SetProperty(Value target, string name, Value v) => ValueOps.SetIndex(target, Value.FromString(name), v);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void BadOpcode(FunctionProto proto, int pc) =>
        throw new InvalidOperationException($"bad opcode {proto.Code[pc]} at {pc} in {proto.Name}");

    /// <summary>The shared one-character string (out of line: for-in over a string is not hot enough to spend the loop's inlining budget).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string CharString(char c) => CharCache.Get(c);

    /// <summary>The checks of a call the loop's test did not pass: a wrong argument count or the depth limit (reported: see <see cref="_raised"/>), frames to grow, limits to check.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CallChecks(FunctionProto p, int argc)
    {
        if (argc != p.Arity)
        {
            Raise($"expected {p.Arity} arguments but got {argc}");
            return;
        }
        if (_fp + 1 >= _maxDepth)
        {
            Raise("stack overflow");
            return;
        }
        if (_fp + 1 >= _frameLimit)
        {
            // the frame array is full: the loop's test stopped before counting this call
            GrowFrames();
            if (--_countdown > 0) return;
        }
        if (_countdown <= 0) CheckLimits();
    }

    /// <summary>SPEC 3.8 property read on anything but a map.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Value GetProperty(Value target, string name) =>
        GetProperty(target, name, out Value r) is { } error ? Throw.Value(error) : r;

    /// <summary>SPEC 3.8 property read into <paramref name="result"/>, or the message of the error it raises.</summary>
    internal static string? GetProperty(Value target, string name, out Value result)
    {
        result = default;
        switch (target.RawObj)
        {
            case SentraMap map:
                result = map.Get(name);
                return null;
            case SentraModule mod:
                result = mod.GetExport(name);
                return null;
            case SentraArray arr:
                if (name == "length") result = Value.FromInt(arr.Count);
                else if (BuiltinRegistry.ArrayMethod(name) is { } am) result = Value.FromObject(new BoundMethod(am, target));
                else return $"array has no method '{name}'";
                return null;
            case string or BuiltString:
                if (name == "length") result = Value.FromInt(StringOps.Length(target));
                else if (BuiltinRegistry.StringMethod(name) is { } sm) result = Value.FromObject(new BoundMethod(sm, target));
                else return $"string has no method '{name}'";
                return null;
            default:
                return $"cannot index {target.TypeName}";
        }
    }

    // ---- the loop's slow paths that report SPEC errors instead of throwing them (_raised) ----

    /// <summary>GetProperty for the loop: an error is reported (<see cref="_raised"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value GetPropertyInLoop(Value target, string name) =>
        GetProperty(target, name, out Value r) is { } error ? Raise(error) : r;

    /// <summary>ValueOps.GetIndex for the loop: an error is reported (<see cref="_raised"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value GetIndexInLoop(Value target, Value index)
    {
        // a scanner's s[i] first: arrays were taken inline before the call
        if (Exact.As<string>(target.RawObj) is { } s && index.IsInt) return StringOps.CharAt(s, index.AsIntUnchecked);
        return ValueOps.GetIndex(target, index, out Value r) is { } error ? Raise(error) : r;
    }

    /// <summary>ValueOps.SetIndex for the loop (SPEC 2.5: a.name = v is a["name"] = v): an error is reported (<see cref="_raised"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetIndexInLoop(Value target, Value index, Value v)
    {
        if (ValueOps.SetIndexOrError(target, index, v) is { } error) Raise(error);
    }

    /// <summary>SetIndexInLoop of a property name.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetPropertyInLoop(Value target, string name, Value v) => SetIndexInLoop(target, Value.FromString(name), v);

    /// <summary>ResolveMethod for the loop: an error is reported (<see cref="_raised"/>) and null returned.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private BuiltinFunction? ResolveMethodInLoop(ref Value receiver, string name, Closure closure, int pc)
    {
        var method = ResolveMethod(ref receiver, name, ref closure.Proto.InlineCache[pc], out string? error);
        if (error is not null) Raise(error);
        return method;
    }

    /// <summary>
    /// <see cref="ResolveMethod(ref Value, string, out string?)"/> through the call site's
    /// inline cache: for an array or string receiver, the receiver's kind and the method's
    /// global slot, so that <c>a.push(x)</c> in a loop looks its name up once. Maps are not
    /// cached (a map's own member of that name comes first, and maps change).
    /// </summary>
    private static BuiltinFunction? ResolveMethod(ref Value receiver, string name, ref int cache, out string? error)
    {
        object? o = receiver.RawObj;
        int kind = Exact.Is<SentraArray>(o) ? 1 : o is string || Exact.Is<BuiltString>(o) ? 2 : 0;
        int c = cache;
        if (kind != 0 && c >> 16 == kind)
        {
            error = null;
            return BuiltinRegistry.AtSlot((c & 0xFFFF) - 1);
        }
        var method = ResolveMethod(ref receiver, name, out error);
        if (kind != 0 && method is not null && BuiltinRegistry.SlotOf(method.Name) is int slot and >= 0 and < 0xFFFF
            && ReferenceEquals(BuiltinRegistry.AtSlot(slot), method))
            cache = kind << 16 | (slot + 1);
        return method;
    }

    /// <summary>A builtin method's arity check for the loop: false with the error reported (<see cref="_raised"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ArityOk(BuiltinFunction method, int argc)
    {
        if (method.ArityError(argc) is not { } error) return true;
        Raise(error);
        return false;
    }

    /// <summary>
    /// Reports a SPEC runtime error to the dispatch loop instead of throwing it: the slow path
    /// returns (with this placeholder value) and the loop, seeing <see cref="_raised"/>, jumps
    /// to its Raise block, which routes the error like <c>throw</c> (RaiseInLoop).
    /// </summary>
    private Value Raise(string message)
    {
        _raised = new SentraRuntimeException(message);
        return default;
    }

    /// <summary>
    /// Reports the error a builtin returned (<see cref="BuiltinError"/>, the result's
    /// reference) as <see cref="Raise"/> reports the loop's own. It takes the reference, not
    /// the result: passing the loop's result local by reference to a call would keep that local
    /// in memory on every call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RaiseReturned(object? error) => _raised = ((BuiltinError)error!).ToException();

    /// <summary>
    /// An error a builtin returned to compiled code with handlers (<see cref="BuiltinError"/>;
    /// the record at <paramref name="fp"/> holds the call's pc): routed to the function's
    /// handler as <see cref="JitCatch"/> routes a thrown one, without a .NET exception.
    /// Returns the handler's index, or throws the error when no handler of the function takes it.
    /// </summary>
    internal int JitCatchReturned(Value result, int fp, Closure cl, out Value raised) =>
        JitCatchOrThrow(((BuiltinError)result.RawObj!).ToException(), fp, cl, out raised);

    /// <summary>An error compiled code raises itself: the index of the function's handler that takes it (<see cref="JitCatch"/>), else thrown.</summary>
    private int JitCatchOrThrow(SentraRuntimeException ex, int fp, Closure cl, out Value raised)
    {
        int h = JitCatch(ex, fp, cl, out raised);
        if (h < 0) throw ex;
        return h;
    }

    /// <summary>
    /// The loop's Raise block: routes the reported error to a handler in this run (returns with
    /// the frame state set at the handler) or raises it out of the loop, as RunFrame does with
    /// an error a slow path throws (a run cancelled or out of time ends first). The message,
    /// position and Sentra stack trace are those of the thrown error: the same TryHandle and
    /// CaptureTrace, with the frames as they were at the slow path.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RaiseInLoop()
    {
        var ex = _raised!;
        _raised = null;
        int entryFp = _fp;
        while (!_frames[entryFp].IsEntry) entryFp--;
        if (_budget.Exceeded() is { } stop)
        {
            UnwindTo(entryFp);
            throw stop;
        }
        if (TryHandle(ex, entryFp)) return;
        throw ex;
    }

    /// <summary>
    /// SPEC 3.8 method call. Returns null after replacing the receiver slot with the value to
    /// call without a receiver (map member, module export); otherwise returns the builtin that
    /// takes the receiver as its first argument.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static BuiltinFunction? ResolveMethod(ref Value receiver, string name)
    {
        var method = ResolveMethod(ref receiver, name, out string? error);
        if (error is not null) Throw.Error(error);
        return method;
    }

    /// <summary>ResolveMethod with its error (receiver unchanged, null returned) as a message.</summary>
    private static BuiltinFunction? ResolveMethod(ref Value receiver, string name, out string? error)
    {
        error = null;
        // exact-type tests first: the abstract SentraModule test is a cast-helper call
        object? o = receiver.RawObj;
        if (Exact.Is<SentraArray>(o))
            return BuiltinRegistry.ArrayMethod(name) ?? Fail($"array has no method '{name}'", out error);
        if (o is string or BuiltString)
            return BuiltinRegistry.StringMethod(name) ?? Fail($"string has no method '{name}'", out error);
        if (Exact.As<SentraMap>(o) is { } map)
        {
            if (map.TryGet(name, out var member))
            {
                receiver = member;
                return null;
            }
            return BuiltinRegistry.MapMethod(name) ?? Fail("cannot call nil", out error);
        }
        if (o is SentraModule mod)
        {
            receiver = mod.GetExport(name);
            return null;
        }
        return Fail($"cannot index {receiver.TypeName}", out error);

        static BuiltinFunction? Fail(string message, out string? error)
        {
            error = message;
            return null;
        }
    }

    /// <summary>SPEC 3.11.4: state = (source, position). Maps iterate a snapshot of their keys.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void IterInit(Value iterable, ref Value source, ref Value position)
    {
        switch (iterable.RawObj)
        {
            case SentraArray:
            case string:
                source = iterable;
                break;
            case BuiltString:
                source = Value.FromString(iterable.AsStringUnchecked); // IterNext reads a .NET string
                break;
            case SentraMap map:
                {
                    var keys = new SentraArray(map.Count);
                    foreach (var k in map.Keys) keys.Add(Value.FromString(k));
                    source = Value.FromObject(keys);
                    break;
                }
            default:
                Throw.Error($"cannot iterate over {iterable.TypeName}");
                break;
        }
        position = Value.FromInt(0);
    }

    /// <summary>The error `throw v` raises: a finally's pending error again, or v as a thrown value.</summary>
    internal static SentraRuntimeException ErrorOf(Value v) =>
        v.RawObj is PendingError pe ? pe.Error : new SentraRuntimeException(v, isThrownValue: true);

    /// <summary>
    /// `throw v` inside the loop: finds a handler in this run without a .NET exception. A
    /// PendingError re-raises the error it carries. Returns when a handler took it (the
    /// frame state is set); otherwise raises the error out of the loop.
    /// </summary>
    private void ThrowInLoop(Value v)
    {
        var ex = ErrorOf(v);
        // this run's entry frame: the loop pushes only non-entry frames above it
        int entryFp = _fp;
        while (!_frames[entryFp].IsEntry) entryFp--;
        if (TryHandle(ex, entryFp)) return;
        throw ex;
    }
}

public sealed partial class Interpreter
{
    /// <summary>
    /// Adaptive specialization: rewrites the generic instruction at pc into its quickened
    /// form, unless this instruction has already missed once (its feedback is non-zero), so
    /// an instruction never ping-pongs. Safe to race: every form is complete on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quicken(byte[] feedback, ref int c0, int pc, OpCode specialized)
    {
        if (feedback[pc] == 0) Unsafe.Add(ref c0, pc) = (int)specialized;
    }

    /// <summary>A quickened instruction saw other types: record them and go back to the generic form for good.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dequicken(FunctionProto proto, ref int c0, int pc, OpCode generic, in Value a, in Value b)
    {
        Note(proto, pc, a, b);
        proto.Feedback[pc] |= (byte)TypeFeedback.Quickened;
        Unsafe.Add(ref c0, pc) = (int)generic;
    }

    /// <summary>
    /// A quickened instruction (at ip - 1) met other operand types: record them, rewrite it
    /// to its generic form for good, and compute the generic result (a bool for the
    /// compare-jumps).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value QuickenedMiss(FunctionProto proto, ref int c0, int ip, in Value a, in Value b)
    {
        var op = (OpCode)Unsafe.Add(ref c0, ip - 1);
        var generic = op switch
        {
            OpCode.AddInt => OpCode.Add,
            OpCode.SubInt => OpCode.Sub,
            OpCode.MulInt => OpCode.Mul,
            OpCode.JumpIfNotLtInt => OpCode.JumpIfNotLt,
            OpCode.JumpIfNotLeInt => OpCode.JumpIfNotLe,
            OpCode.JumpIfNotGtInt => OpCode.JumpIfNotGt,
            OpCode.JumpIfNotGeInt => OpCode.JumpIfNotGe,
            _ => throw new InvalidOperationException($"{op} is not a quickened instruction"),
        };
        Dequicken(proto, ref c0, ip - 1, generic, a, b);
        SyncPc(ip);
        return generic switch
        {
            // errors are reported (_raised)
            OpCode.Add or OpCode.Sub or OpCode.Mul => ArithInLoop(generic, a, b),
            OpCode.JumpIfNotLt => Value.FromBool(CompareInLoop(OpCode.Lt, a, b)),
            OpCode.JumpIfNotLe => Value.FromBool(CompareInLoop(OpCode.Le, a, b)),
            OpCode.JumpIfNotGt => Value.FromBool(CompareInLoop(OpCode.Gt, a, b)),
            _ => Value.FromBool(CompareInLoop(OpCode.Ge, a, b)),
        };
    }

    /// <summary>QuickenedMiss of a quickened compare-jump: the bool.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool QuickenedMissTest(FunctionProto proto, ref int c0, int ip, in Value a, in Value b) => QuickenedMiss(proto, ref c0, ip, a, b).AsBoolUnchecked;

    /// <summary>Records the operand kinds seen on a slow path (type feedback for the JIT).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Note(FunctionProto proto, int pc, in Value a, in Value b)
    {
        var fb = proto.Feedback;
        if ((uint)pc < (uint)fb.Length) fb[pc] |= (byte)(Kind(a) | Kind(b));
    }

    private static TypeFeedback Kind(in Value v) =>
        v.IsInt ? TypeFeedback.Int : v.IsFloat ? TypeFeedback.Float : v.IsString ? TypeFeedback.String : TypeFeedback.Other;

    /// <summary>Joins the strings of a concatenation chain with one allocation.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string ConcatStrings(ReadOnlySpan<Value> parts)
    {
        long total = 0;
        foreach (var p in parts) total += p.IsString ? p.AsStringUnchecked.Length : DecimalLength(p.AsIntUnchecked);
        if (total > Limits.MaxStringLength) Throw.Error("string too large");
        RunBudget.Reserve(total * sizeof(char));
        return string.Create((int)total, parts, static (dst, arr) =>
        {
            int at = 0;
            foreach (var p in arr)
            {
                if (p.IsString)
                {
                    var s = p.AsStringUnchecked;
                    s.AsSpan().CopyTo(dst[at..]);
                    at += s.Length;
                }
                else
                {
                    // an int (ToStr leaves them): the digits str() gives, written in place
                    p.AsIntUnchecked.TryFormat(dst[at..], out int written, default, CultureInfo.InvariantCulture);
                    at += written;
                }
            }
        });
    }

    /// <summary>The length of an int's decimal text (with its sign).</summary>
    private static int DecimalLength(long x)
    {
        ulong u = x < 0 ? 0UL - (ulong)x : (ulong)x;
        int n = x < 0 ? 2 : 1;
        while (u >= 10)
        {
            u /= 10;
            n++;
        }
        return n;
    }

    /// <summary>
    /// Slow path of the instructions with an int-literal right operand (AddK..GeK and the
    /// JumpIfNot*K forms): records the operand kinds at pc and applies the generic operator,
    /// so every case the inline int (and float) paths do not take behaves as Int k + the
    /// operator would. Compare forms return a bool value.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value ImmediateSlow(OpCode op, FunctionProto proto, int pc, Value a, long k)
    {
        var b = Value.FromInt(k);
        Note(proto, pc, a, b);
        return op switch
        {
            // errors are reported (_raised)
            OpCode.AddK => ArithInLoop(OpCode.Add, a, b),
            OpCode.SubK => ArithInLoop(OpCode.Sub, a, b),
            OpCode.MulK => ArithInLoop(OpCode.Mul, a, b),
            OpCode.ModK => ArithInLoop(OpCode.Mod, a, b),
            OpCode.EqK or OpCode.JumpIfNotEqK => Value.FromBool(ValueOps.Equal(a, b)),
            OpCode.NeK or OpCode.JumpIfNotNeK => Value.FromBool(!ValueOps.Equal(a, b)),
            OpCode.LtK or OpCode.JumpIfNotLtK => Value.FromBool(CompareInLoop(OpCode.Lt, a, b)),
            OpCode.LeK or OpCode.JumpIfNotLeK => Value.FromBool(CompareInLoop(OpCode.Le, a, b)),
            OpCode.GtK or OpCode.JumpIfNotGtK => Value.FromBool(CompareInLoop(OpCode.Gt, a, b)),
            OpCode.GeK or OpCode.JumpIfNotGeK => Value.FromBool(CompareInLoop(OpCode.Ge, a, b)),
            _ => throw new InvalidOperationException(op.ToString()),
        };
    }

    /// <summary>ImmediateSlow of a compare: the bool (the loop reads no field of a returned Value, which costs it a JIT local).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ImmediateTest(OpCode op, FunctionProto proto, int pc, Value a, long k) => ImmediateSlow(op, proto, pc, a, k).AsBoolUnchecked;

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Compare(OpCode op, Value a, Value b) => Holds(op, ValueOps.Compare(a, b));

    /// <summary>Compare for the loop: an error is reported (<see cref="_raised"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CompareInLoop(OpCode op, Value a, Value b)
    {
        // two ordinary strings (a scanner's c >= "0") without Compare's number tests
        if (Exact.As<string>(a.RawObj) is { } x && Exact.As<string>(b.RawObj) is { } y) return Holds(op, ValueOps.CompareStringsSign(x, y));
        int c = ValueOps.Compare(a, b, out string? error);
        if (error is null) return Holds(op, c);
        Raise(error);
        return false;
    }

    /// <summary>Whether the ordering op (Lt, Le, Gt, Ge) holds for ValueOps.Compare's result (2: unordered, NaN).</summary>
    private static bool Holds(OpCode op, int c) => op switch
    {
        OpCode.Lt => c == -1,
        OpCode.Le => c == -1 || c == 0,
        OpCode.Gt => c == 1,
        _ => c == 1 || c == 0,
    };

    /// <summary>Add, Sub, Mul, Div, Mod (by the opcode) and Neg (b unused) for the loop: an error is reported (<see cref="_raised"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value ArithInLoop(OpCode op, Value a, Value b)
    {
        string? error;
        var r = op switch
        {
            OpCode.Add => ValueOps.Add(a, b, out error),
            OpCode.Sub => ValueOps.Sub(a, b, out error),
            OpCode.Mul => ValueOps.Mul(a, b, out error),
            OpCode.Div => ValueOps.Div(a, b, out error),
            OpCode.Mod => ValueOps.Mod(a, b, out error),
            _ => ValueOps.Negate(a, out error),
        };
        return error is null ? r : Raise(error);
    }

    /// <summary>
    /// Calls a builtin, bound method or non-callable whose arguments are on the stack
    /// (absolute sp), below them the callee slot unless a CallGlobal called (no slot). A
    /// wrong argument count, a callee that is not a function and an error the builtin
    /// returns (<see cref="BuiltinError"/>) are reported (<see cref="_raised"/>); errors
    /// the builtin throws are thrown.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal Value CallNative(Value callee, int argc, int sp, bool calleeSlot)
    {
        var stack = _stack;
        Value r;
        switch (callee.RawObj)
        {
            case BuiltinFunction bf:
                if (bf.ArityError(argc) is { } arity) return Raise(arity);
                r = bf.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc, argc));
                break;
            case BoundMethod bm when calleeSlot:
                // the callee slot becomes the receiver argument
                stack[sp - argc - 1] = bm.Receiver;
                if (bm.Method.ArityError(argc + 1) is { } methodArity) return Raise(methodArity);
                r = bm.Method.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc - 1, argc + 1));
                break;
            case BoundMethod:
                return CallCore(callee, new ReadOnlySpan<Value>(stack, sp - argc, argc));
            default:
                return Raise($"cannot call {callee.TypeName}");
        }
        if (!BuiltinError.Is(r)) return r;
        RaiseReturned(r.RawObj);
        return default;
    }
}

public sealed partial class Interpreter
{
    /// <summary>Writes the dispatch loop's ip back to the current frame (a sync point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SyncPc(int ip) => _frames[_fp].Pc = ip;

    /// <summary>Absolute stack index of the current frame's first local.</summary>
    private int FrameBase
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _frames[_fp].Base;
    }
}
