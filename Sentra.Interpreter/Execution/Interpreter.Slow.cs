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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CallChecks(FunctionProto p, int argc)
    {
        if (argc != p.Arity) Throw.Error($"expected {p.Arity} arguments but got {argc}");
        if (_fp + 1 >= _maxDepth) Throw.Error("stack overflow");
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
    internal static Value GetProperty(Value target, string name)
    {
        switch (target.RawObj)
        {
            case SentraMap map:
                return map.Get(name);
            case SentraModule mod:
                return mod.GetExport(name);
            case SentraArray arr:
                if (name == "length") return Value.FromInt(arr.Count);
                if (BuiltinRegistry.ArrayMethod(name) is { } am) return Value.FromObject(new BoundMethod(am, target));
                return Throw.Value($"array has no method '{name}'");
            case string or BuiltString:
                if (name == "length") return Value.FromInt(StringOps.Length(target));
                if (BuiltinRegistry.StringMethod(name) is { } sm) return Value.FromObject(new BoundMethod(sm, target));
                return Throw.Value($"string has no method '{name}'");
            default:
                return Throw.Value($"cannot index {target.TypeName}");
        }
    }

    /// <summary>
    /// SPEC 3.8 method call. Returns null after replacing the receiver slot with the value to
    /// call without a receiver (map member, module export); otherwise returns the builtin that
    /// takes the receiver as its first argument.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static BuiltinFunction? ResolveMethod(ref Value receiver, string name)
    {
        // exact-type tests first: the abstract SentraModule test is a cast-helper call
        object? o = receiver.RawObj;
        if (Exact.Is<SentraArray>(o))
            return BuiltinRegistry.ArrayMethod(name) ?? Throw.Error<BuiltinFunction>($"array has no method '{name}'");
        if (o is string or BuiltString)
            return BuiltinRegistry.StringMethod(name) ?? Throw.Error<BuiltinFunction>($"string has no method '{name}'");
        if (Exact.As<SentraMap>(o) is { } map)
        {
            if (map.TryGet(name, out var member))
            {
                receiver = member;
                return null;
            }
            return BuiltinRegistry.MapMethod(name) ?? Throw.Error<BuiltinFunction>("cannot call nil");
        }
        if (o is SentraModule mod)
        {
            receiver = mod.GetExport(name);
            return null;
        }
        return Throw.Error<BuiltinFunction>($"cannot index {receiver.TypeName}");
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
    /// PendingError re-raises the error it carries. Returns true when a handler took it (the
    /// frame state is set); otherwise raises the error out of the loop.
    /// </summary>
    private bool ThrowInLoop(Value v)
    {
        var ex = ErrorOf(v);
        // this run's entry frame: the loop pushes only non-entry frames above it
        int entryFp = _fp;
        while (!_frames[entryFp].IsEntry) entryFp--;
        if (TryHandle(ex, entryFp)) return true;
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
            OpCode.Add => ValueOps.Add(a, b),
            OpCode.Sub => ValueOps.Sub(a, b),
            OpCode.Mul => ValueOps.Mul(a, b),
            OpCode.JumpIfNotLt => Value.FromBool(ValueOps.Less(a, b)),
            OpCode.JumpIfNotLe => Value.FromBool(ValueOps.LessEqual(a, b)),
            OpCode.JumpIfNotGt => Value.FromBool(ValueOps.Greater(a, b)),
            _ => Value.FromBool(ValueOps.GreaterEqual(a, b)),
        };
    }

    /// <summary>Records the operand kinds seen on a slow path (type feedback for the JIT).</summary>
    /// <summary>QuickenedMiss of a quickened compare-jump: the bool.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool QuickenedMissTest(FunctionProto proto, ref int c0, int ip, in Value a, in Value b) => QuickenedMiss(proto, ref c0, ip, a, b).AsBoolUnchecked;

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
    private static Value ImmediateSlow(OpCode op, FunctionProto proto, int pc, Value a, long k)
    {
        var b = Value.FromInt(k);
        Note(proto, pc, a, b);
        return op switch
        {
            OpCode.AddK => ValueOps.Add(a, b),
            OpCode.SubK => ValueOps.Sub(a, b),
            OpCode.MulK => ValueOps.Mul(a, b),
            OpCode.ModK => ValueOps.Mod(a, b),
            OpCode.EqK or OpCode.JumpIfNotEqK => Value.FromBool(ValueOps.Equal(a, b)),
            OpCode.NeK or OpCode.JumpIfNotNeK => Value.FromBool(!ValueOps.Equal(a, b)),
            OpCode.LtK or OpCode.JumpIfNotLtK => Value.FromBool(ValueOps.Less(a, b)),
            OpCode.LeK or OpCode.JumpIfNotLeK => Value.FromBool(ValueOps.LessEqual(a, b)),
            OpCode.GtK or OpCode.JumpIfNotGtK => Value.FromBool(ValueOps.Greater(a, b)),
            OpCode.GeK or OpCode.JumpIfNotGeK => Value.FromBool(ValueOps.GreaterEqual(a, b)),
            _ => throw new InvalidOperationException(op.ToString()),
        };
    }

    /// <summary>ImmediateSlow of a compare: the bool (the loop reads no field of a returned Value, which costs it a JIT local).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ImmediateTest(OpCode op, FunctionProto proto, int pc, Value a, long k) => ImmediateSlow(op, proto, pc, a, k).AsBoolUnchecked;

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Compare(OpCode op, Value a, Value b) => op switch
    {
        OpCode.Lt => ValueOps.Less(a, b),
        OpCode.Le => ValueOps.LessEqual(a, b),
        OpCode.Gt => ValueOps.Greater(a, b),
        _ => ValueOps.GreaterEqual(a, b),
    };

    /// <summary>
    /// Calls a builtin, bound method or non-callable (error) whose arguments are on the stack
    /// (absolute sp), below them the callee slot unless a CallGlobal called (no slot).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal Value CallNative(Value callee, int argc, int sp, bool calleeSlot)
    {
        var stack = _stack;
        switch (callee.RawObj)
        {
            case BuiltinFunction bf:
                bf.CheckArity(argc);
                return bf.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc, argc));
            case BoundMethod bm when calleeSlot:
                // the callee slot becomes the receiver argument
                stack[sp - argc - 1] = bm.Receiver;
                bm.Method.CheckArity(argc + 1);
                return bm.Method.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc - 1, argc + 1));
            case BoundMethod:
                return CallCore(callee, new ReadOnlySpan<Value>(stack, sp - argc, argc));
            default:
                return Throw.Value($"cannot call {callee.TypeName}");
        }
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
