// The dispatch loop. See Interpreter.cs for the state model. Conventions in this file:
//  - `SyncPc(ip)` (and `_sp = FrameBase + sp`) write the loop state back to the frame; they
//    precede every call out of the loop that can raise an error, call back into Sentra, or
//    inspect frames. After such a call the stack ref is re-derived (the stack may have grown).
//  - Every 16,384 back edges or calls the loop returns to RunFrame with _bounce set and is
//    entered again from the frame state (limits are checked there; see Interpreter._bounce).
//  - Fast paths (int/float, array index with int) are inline; everything else calls a
//    NoInlining helper in Interpreter.Slow.cs or ValueOps. What several handlers share is
//    written once: the arithmetic and compare helpers below (generic over the operator),
//    and the blocks after the switch that handlers jump to (GetIndex, SetIndex,
//    LoadElement, StoreElement, BackEdge, DoReturn, DoCall).
//  - The stack and the code are addressed through refs without bounds checks: the verifier
//    (Verifier.cs) has proved, once per function, that every slot, constant and jump
//    operand is in range and that the operand stack never exceeds MaxStack, and the frame
//    push guarantees Base + FrameSize <= stack length.
//  - Value stores go through Value.Assign, AssignI/F/B and Value.Set*Bits: when the slot
//    already holds the same kind tag only the payload is written, avoiding a GC write
//    barrier per push.
//  - Generic arithmetic and compare-jumps quicken themselves (Quicken/Dequicken) into Int
//    forms (floats take the generic forms' inline float path); the quickened opcodes plus
//    FunctionProto.Feedback are the type feedback.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Runtime;

namespace Sentra.Execution;

public sealed partial class Interpreter
{
    // ---- kind tests and stores against instance copies of Value's tags: ReadyToRun
    // (precompiled) code calls a helper for every static field read, and the loop tests
    // kinds in almost every instruction; a field of `this` is one load in either tier ----
    private readonly object _intTag = Value.IntTag;
    private readonly object _floatTag = Value.FloatTag;
    private readonly object _boolTag = Value.BoolTag;
    private readonly object _undefinedTag = Value.UndefinedTag;
    /// <summary>The builtin <c>str</c> function object (StrCall skips calling it).</summary>
    private readonly object _strBuiltin = BuiltinRegistry.Globals[BuiltinRegistry.SlotOf("str")].RawObj!;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsI(in Value v) => ReferenceEquals(v.RawObj, _intTag);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsF(in Value v) => ReferenceEquals(v.RawObj, _floatTag);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsU(in Value v) => ReferenceEquals(v.RawObj, _undefinedTag);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Truthy(in Value v)
    {
        object? o = v.RawObj;
        if (ReferenceEquals(o, _boolTag)) return v.RawBits != 0;
        return o is not null && v.IsTruthy;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssignI(ref Value dst, long x)
    {
        if (ReferenceEquals(dst.RawObj, _intTag)) Value.SetIntBits(ref dst, x);
        else dst = Value.FromRaw(x, _intTag);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssignF(ref Value dst, double x)
    {
        if (ReferenceEquals(dst.RawObj, _floatTag)) Value.SetFloatBits(ref dst, x);
        else dst = Value.FromRaw(BitConverter.DoubleToInt64Bits(x), _floatTag);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssignB(ref Value dst, bool x)
    {
        if (ReferenceEquals(dst.RawObj, _boolTag)) Value.SetIntBits(ref dst, x ? 1 : 0);
        else dst = Value.FromRaw(x ? 1 : 0, _boolTag);
    }

    // ---- the semantics the handlers share, written once. The operator is a struct type
    // argument with static members, so each use compiles to the code of its one operator,
    // and AggressiveInlining puts it in the loop as the handler's own code was. What limits
    // the loop's inlining is its count of JIT locals (an inline that needs one more local
    // past about 920 fails, and the calls at the end of the loop were the first to go), and
    // every argument of an inlined call that is not a local or a constant costs one. So the
    // handlers read their operands into their own locals (which the C# compiler shares
    // between handlers) and pass only those; the helpers declare no locals and return
    // nothing (results go to the caller's `out` locals: an inlined method with several
    // returns needs a local for its value), take Values by reference, and their slow paths
    // return bools rather than Values (reading a field of a returned Value costs a local) ----

    private const OpCode NoQuickening = (OpCode)(-1);

    /// <summary>An arithmetic operator's int (overflow-checked), float and generic semantics.</summary>
    private interface IArith
    {
        /// <summary>x op y on two ints; false when it overflows (the generic operator then gives a float).</summary>
        static abstract bool Int(in Value x, in Value y, out long r);
        /// <summary>x op k on an int and an int literal; false when it overflows.</summary>
        static abstract bool IntK(in Value x, long k, out long r);
        static abstract double Float(in Value x, in Value y);
        static abstract double FloatK(in Value x, long k);
        /// <summary>The generic instruction (ArithInLoop's operator).</summary>
        static abstract OpCode Op { get; }
    }

    private readonly struct AddOp : IArith
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y, out long r) => IntArith.TryAdd(x.AsIntUnchecked, y.AsIntUnchecked, out r);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k, out long r) => IntArith.TryAdd(x.AsIntUnchecked, k, out r);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Float(in Value x, in Value y) => x.AsFloatUnchecked + y.AsFloatUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double FloatK(in Value x, long k) => x.AsFloatUnchecked + k;
        public static OpCode Op => OpCode.Add;
    }

    private readonly struct SubOp : IArith
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y, out long r) => IntArith.TrySub(x.AsIntUnchecked, y.AsIntUnchecked, out r);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k, out long r) => IntArith.TrySub(x.AsIntUnchecked, k, out r);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Float(in Value x, in Value y) => x.AsFloatUnchecked - y.AsFloatUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double FloatK(in Value x, long k) => x.AsFloatUnchecked - k;
        public static OpCode Op => OpCode.Sub;
    }

    private readonly struct MulOp : IArith
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y, out long r) => IntArith.TryMul(x.AsIntUnchecked, y.AsIntUnchecked, out r);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k, out long r) => IntArith.TryMul(x.AsIntUnchecked, k, out r);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Float(in Value x, in Value y) => x.AsFloatUnchecked * y.AsFloatUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double FloatK(in Value x, long k) => x.AsFloatUnchecked * k;
        public static OpCode Op => OpCode.Mul;
    }

    /// <summary>An ordering or equality of two ints.</summary>
    private interface IRelation
    {
        static abstract bool Int(in Value x, in Value y);
        static abstract bool IntK(in Value x, long k);
    }

    private readonly struct LtRel : IRelation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y) => x.AsIntUnchecked < y.AsIntUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k) => x.AsIntUnchecked < k;
    }

    private readonly struct LeRel : IRelation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y) => x.AsIntUnchecked <= y.AsIntUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k) => x.AsIntUnchecked <= k;
    }

    private readonly struct GtRel : IRelation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y) => x.AsIntUnchecked > y.AsIntUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k) => x.AsIntUnchecked > k;
    }

    private readonly struct GeRel : IRelation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y) => x.AsIntUnchecked >= y.AsIntUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k) => x.AsIntUnchecked >= k;
    }

    private readonly struct EqRel : IRelation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y) => x.AsIntUnchecked == y.AsIntUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k) => x.AsIntUnchecked == k;
    }

    private readonly struct NeRel : IRelation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Int(in Value x, in Value y) => x.AsIntUnchecked != y.AsIntUnchecked;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IntK(in Value x, long k) => x.AsIntUnchecked != k;
    }

    /// <summary>
    /// dst := x op y (Add, Sub, Mul with dst = x; AddLL, SubLL, MulLL; AddLocalLocal): ints
    /// and floats inline, the rest through the generic operator with the operand kinds noted
    /// at the instruction (at ip - <paramref name="width"/>). An int result rewrites the
    /// instruction at ip - 1 into <paramref name="quicken"/> unless that is
    /// <see cref="NoQuickening"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Arith<T>(ref Value dst, in Value x, in Value y, Closure closure, ref int c0, int ip, int width, OpCode quicken, out long r, out bool raised) where T : struct, IArith
    {
        Unsafe.SkipInit(out r);
        raised = false;
        if (IsI(x) && IsI(y))
        {
            if (T.Int(in x, in y, out r))
            {
                AssignI(ref dst, r);
                if (quicken != NoQuickening) Quicken(closure.Proto.Feedback, ref c0, ip - 1, quicken);
                return;
            }
        }
        else if (IsF(x) && IsF(y))
        {
            AssignF(ref dst, T.Float(in x, in y));
            return;
        }
        SyncPc(ip);
        Note(closure.Proto, ip - width, x, y);
        dst = ArithInLoop(T.Op, x, y);
        raised = _raised is not null;
    }

    /// <summary>AddInt, SubInt, MulInt: a op= b; other kinds send the instruction back to its generic form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ArithQuickened<T>(ref Value a, in Value b, Closure closure, ref int c0, int ip, out long r, out bool raised) where T : struct, IArith
    {
        Unsafe.SkipInit(out r);
        raised = false;
        if (IsI(a) && IsI(b))
        {
            if (T.Int(in a, in b, out r))
            {
                Value.SetIntBits(ref a, r);
                return;
            }
            SyncPc(ip);
            a = ArithInLoop(T.Op, a, b); // int overflow: the result is a float
            return;
        }
        a = QuickenedMiss(closure.Proto, ref c0, ip, a, b);
        raised = _raised is not null;
    }

    /// <summary>
    /// dst := x op k with an int literal k (AddK, SubK, MulK with dst = x; AddLK, SubLK;
    /// AddLocalImm, AddGlobalImm): ints and floats inline, the rest in ImmediateSlow as
    /// <paramref name="kOp"/> (the instruction is at ip - <paramref name="width"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ArithK<T>(ref Value dst, in Value x, long k, Closure closure, int ip, int width, OpCode kOp, out long r, out bool raised) where T : struct, IArith
    {
        Unsafe.SkipInit(out r);
        raised = false;
        if (IsI(x))
        {
            if (T.IntK(in x, k, out r))
            {
                AssignI(ref dst, r);
                return;
            }
        }
        else if (IsF(x))
        {
            AssignF(ref dst, T.FloatK(in x, k));
            return;
        }
        SyncPc(ip);
        dst = ImmediateSlow(kOp, closure.Proto, ip - width, x, k);
        raised = _raised is not null;
    }

    /// <summary>
    /// x rel k for the compare-jumps with an int literal (JumpIfNot*K, JumpIfNot*LK; the
    /// instruction is at ip - 1); other kinds in ImmediateSlow as <paramref name="kOp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RelK<T>(in Value x, long k, Closure closure, int ip, OpCode kOp, out bool r, out bool raised) where T : struct, IRelation
    {
        raised = false;
        if (IsI(x))
        {
            r = T.IntK(in x, k);
            return;
        }
        SyncPc(ip);
        r = ImmediateTest(kOp, closure.Proto, ip - 1, x, k);
        raised = _raised is not null;
    }

    /// <summary>a rel b for the quickened compare-jumps (JumpIfNot*Int); other kinds send the instruction back to its generic form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RelQuickened<T>(in Value a, in Value b, Closure closure, ref int c0, int ip, out bool r, out bool raised) where T : struct, IRelation
    {
        raised = false;
        if (IsI(a) && IsI(b))
        {
            r = T.Int(in a, in b);
            return;
        }
        r = QuickenedMissTest(closure.Proto, ref c0, ip, a, b);
        raised = _raised is not null;
    }

    /// <summary>SPEC equality with the int case inline (Eq, Ne and their compare-jumps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Same(in Value a, in Value b, out bool r)
    {
        if (IsI(a) && IsI(b))
        {
            r = EqRel.Int(in a, in b);
            return;
        }
        r = ValueOps.Equal(a, b);
    }

#if !SENTRA_READY_TO_RUN
    // JIT builds: compile the loop fully optimized at its first call. ReadyToRun builds start
    // from precompiled code instead and tier up through the periodic re-entry (_bounce).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private Value Execute()
    {
        // Hot state: ip, sp, the code ref c0 and the frame-base ref s0 (locals at s0[0..],
        // the operand stack at s0[MaxLocals..], sp relative to the frame base). Keeping this
        // set small lets the JIT hold it in callee-saved registers; everything else about the
        // frame is read from _frames[_fp] on slow paths only. The function's constants,
        // globals and feedback are reached through `closure` rather than cached in locals:
        // fewer long-lived locals measured 14-20% faster on fib, loop_fn and sieve, because
        // the JIT's register allocator then stops spilling ip and sp around calls.
        ref CallFrame entry = ref _frames[_fp];
        Closure closure = entry.Closure;
        ref int c0 = ref MemoryMarshal.GetArrayDataReference(closure.Code);
        ref Value s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), entry.Base);
        int ip = entry.Pc;
        int sp = _sp - entry.Base;
        int argc;
        int resultAt; // where a call's result goes, relative to the frame base
        Value callee;
        // the slot a return reads: a reference, not a copy. The instruction before a return
        // has usually just written that slot with 8-byte stores, and the JIT copies a Value
        // with one 16-byte load, which cannot take its data from smaller pending stores (the
        // copy was the hottest instruction of `binary_trees` in this loop); DoReturn reads the
        // two fields with 8-byte loads instead
        ref Value returned = ref s0; // set by Return and ReturnLocal before DoReturn reads it
        // indexing, shared by the instructions: GetIndex and GetIndexLL set indexTarget,
        // indexKey and elemRef (the destination) and jump to GetIndex, SetIndex and SetIndexLL
        // (elemRef: the value) to SetIndex; an array element access, from there or from the
        // other indexing instructions and for-in, sets elemArr, elemAt and elemRef and jumps
        // to LoadElement or StoreElement. One copy of each in the loop (the loop is at the
        // JIT's inlining budget). elemArr[elemAt] is read into elemRef or written from it
        ref Value indexTarget = ref Unsafe.NullRef<Value>();
        ref Value indexKey = ref Unsafe.NullRef<Value>();
        SentraArray elemArr;
        long elemAt;
        ref Value elemRef = ref Unsafe.NullRef<Value>();

        while (true)
        {
            switch ((OpCode)Unsafe.Add(ref c0, ip++))
            {
                case OpCode.Const:
                    Value.Assign(ref Unsafe.Add(ref s0, sp++), in closure.Proto.Constants[Unsafe.Add(ref c0, ip++)]);
                    break;
                case OpCode.Nil:
                    Unsafe.Add(ref s0, sp++) = default;
                    break;
                case OpCode.True:
                    AssignB(ref Unsafe.Add(ref s0, sp++), true);
                    break;
                case OpCode.False:
                    AssignB(ref Unsafe.Add(ref s0, sp++), false);
                    break;
                case OpCode.Int:
                    AssignI(ref Unsafe.Add(ref s0, sp++), Unsafe.Add(ref c0, ip++));
                    break;
                case OpCode.Pop:
                    sp--;
                    break;
                case OpCode.PopN:
                    sp -= Unsafe.Add(ref c0, ip++);
                    break;
                case OpCode.LoadLocal:
                    Value.Assign(ref Unsafe.Add(ref s0, sp++), in Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip++)));
                    break;
                case OpCode.LoadLocal2:
                    Value.Assign(ref Unsafe.Add(ref s0, sp), in Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip)));
                    Value.Assign(ref Unsafe.Add(ref s0, sp + 1), in Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1)));
                    sp += 2;
                    ip += 2;
                    break;
                case OpCode.StoreLocal:
                    Value.Assign(ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip++)), in Unsafe.Add(ref s0, --sp));
                    break;
                case OpCode.LoadCell:
                    Unsafe.Add(ref s0, sp++) = Unsafe.As<Cell>(Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip++)).RawObj!).Value;
                    break;
                case OpCode.StoreCell:
                    Unsafe.As<Cell>(Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip++)).RawObj!).Value = Unsafe.Add(ref s0, --sp);
                    break;
                case OpCode.NewCell:
                    Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip++)) = Value.FromObject(new Cell());
                    break;
                case OpCode.WrapCell:
                    {
                        ref Value slot = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip++));
                        slot = Value.FromObject(new Cell(slot));
                        break;
                    }
                case OpCode.LoadUpval:
                    Unsafe.Add(ref s0, sp++) = closure.Upvalues[Unsafe.Add(ref c0, ip++)].Value;
                    break;
                case OpCode.StoreUpval:
                    closure.Upvalues[Unsafe.Add(ref c0, ip++)].Value = Unsafe.Add(ref s0, --sp);
                    break;
                case OpCode.LoadGlobal:
                    {
                        int g = Unsafe.Add(ref c0, ip++);
                        ref Value v = ref closure.Globals[g];
                        if (IsU(v))
                        {
                            SyncPc(ip);
                            UndefinedGlobal(closure, g);
                        }
                        Value.Assign(ref Unsafe.Add(ref s0, sp++), in v);
                        break;
                    }
                case OpCode.StoreGlobal:
                    Value.Assign(ref closure.Globals[Unsafe.Add(ref c0, ip++)], in Unsafe.Add(ref s0, --sp));
                    break;
                case OpCode.AddLocalImm:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        ArithK<AddOp>(ref x, in x, k, closure, ip, 3, OpCode.AddK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.ToStr:
                    {
                        // an int stays as it is: ConcatN writes its digits into the result; a
                        // string being built (BuiltString) becomes its .NET string here
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        if (!a.IsPlainString && !IsI(a))
                        {
                            SyncPc(ip);
                            a = Value.FromString(ValueFormatter.ToDisplayString(a));
                        }
                        break;
                    }
                case OpCode.ConcatN:
                    {
                        int n = Unsafe.Add(ref c0, ip++);
                        SyncPc(ip);
                        sp -= n - 1;
                        ref Value first = ref Unsafe.Add(ref s0, sp - 1);
                        first = Value.FromString(ConcatStrings(MemoryMarshal.CreateReadOnlySpan(ref first, n)));
                        break;
                    }
                case OpCode.AddLocalLocal:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        ref Value y = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1));
                        ip += 2;
                        Arith<AddOp>(ref x, in x, in y, closure, ref c0, ip, 3, NoQuickening, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.AddGlobalImm:
                    {
                        int g = Unsafe.Add(ref c0, ip);
                        ref Value x = ref closure.Globals[g];
                        long k = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        if (IsU(x))
                        {
                            SyncPc(ip);
                            UndefinedGlobal(closure, g);
                        }
                        ArithK<AddOp>(ref x, in x, k, closure, ip, 3, OpCode.AddK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }

                // ---- arithmetic: int and float fast paths inline, the rest in ValueOps ----
                case OpCode.Add:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        Arith<AddOp>(ref a, in a, in b, closure, ref c0, ip, 1, OpCode.AddInt, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.Sub:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        Arith<SubOp>(ref a, in a, in b, closure, ref c0, ip, 1, OpCode.SubInt, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.Mul:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        Arith<MulOp>(ref a, in a, in b, closure, ref c0, ip, 1, OpCode.MulInt, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.AddInt:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        ArithQuickened<AddOp>(ref a, in b, closure, ref c0, ip, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.SubInt:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        ArithQuickened<SubOp>(ref a, in b, closure, ref c0, ip, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.MulInt:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        ArithQuickened<MulOp>(ref a, in b, closure, ref c0, ip, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.JumpIfNotLtInt:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        RelQuickened<LtRel>(in a, in b, closure, ref c0, ip, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }
                case OpCode.JumpIfNotLeInt:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        RelQuickened<LeRel>(in a, in b, closure, ref c0, ip, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }
                case OpCode.JumpIfNotGtInt:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        RelQuickened<GtRel>(in a, in b, closure, ref c0, ip, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }
                case OpCode.JumpIfNotGeInt:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        RelQuickened<GeRel>(in a, in b, closure, ref c0, ip, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }
                case OpCode.Div:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        if (IsF(a) && IsF(b) && b.AsFloatUnchecked != 0) { Value.SetFloatBits(ref a, a.AsFloatUnchecked / b.AsFloatUnchecked); break; }
                        SyncPc(ip);
                        Note(closure.Proto, ip - 1, a, b);
                        Value.Assign(ref a, ArithInLoop(OpCode.Div, a, b));
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.Mod:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        if (IsI(a) && IsI(b) && b.AsIntUnchecked > 0)
                        {
                            Value.SetIntBits(ref a, a.AsIntUnchecked % b.AsIntUnchecked);
                            break;
                        }
                        SyncPc(ip);
                        Note(closure.Proto, ip - 1, a, b);
                        a = ArithInLoop(OpCode.Mod, a, b);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                // ---- an int literal as the right operand (ImmediateSlow has the other cases) ----
                case OpCode.AddK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        long k = Unsafe.Add(ref c0, ip++);
                        ArithK<AddOp>(ref a, in a, k, closure, ip, 2, OpCode.AddK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.SubK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        long k = Unsafe.Add(ref c0, ip++);
                        ArithK<SubOp>(ref a, in a, k, closure, ip, 2, OpCode.SubK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.MulK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        long k = Unsafe.Add(ref c0, ip++);
                        ArithK<MulOp>(ref a, in a, k, closure, ip, 2, OpCode.MulK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.ModK:
                    {
                        // the compiler emits ModK only for k > 0
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        long k = Unsafe.Add(ref c0, ip++);
                        if (IsI(a)) { Value.SetIntBits(ref a, a.AsIntUnchecked % k); break; }
                        SyncPc(ip);
                        a = ImmediateSlow(OpCode.ModK, closure.Proto, ip - 2, a, k);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.EqK:
                case OpCode.NeK:
                case OpCode.LtK:
                case OpCode.LeK:
                case OpCode.GtK:
                case OpCode.GeK:
                    {
                        var op = (OpCode)Unsafe.Add(ref c0, ip - 1);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        long k = Unsafe.Add(ref c0, ip++);
                        if (IsI(a))
                        {
                            long x = a.AsIntUnchecked;
                            AssignB(ref a, op switch
                            {
                                OpCode.EqK => x == k,
                                OpCode.NeK => x != k,
                                OpCode.LtK => x < k,
                                OpCode.LeK => x <= k,
                                OpCode.GtK => x > k,
                                _ => x >= k,
                            });
                            break;
                        }
                        SyncPc(ip);
                        a = ImmediateSlow(op, closure.Proto, ip - 2, a, k);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.JumpIfNotLtK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, --sp);
                        long k = Unsafe.Add(ref c0, ip);
                        RelK<LtRel>(in a, k, closure, ip, OpCode.JumpIfNotLtK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 2 : Unsafe.Add(ref c0, ip + 1);
                        break;
                    }
                case OpCode.JumpIfNotLeK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, --sp);
                        long k = Unsafe.Add(ref c0, ip);
                        RelK<LeRel>(in a, k, closure, ip, OpCode.JumpIfNotLeK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 2 : Unsafe.Add(ref c0, ip + 1);
                        break;
                    }
                case OpCode.JumpIfNotGtK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, --sp);
                        long k = Unsafe.Add(ref c0, ip);
                        RelK<GtRel>(in a, k, closure, ip, OpCode.JumpIfNotGtK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 2 : Unsafe.Add(ref c0, ip + 1);
                        break;
                    }
                case OpCode.JumpIfNotGeK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, --sp);
                        long k = Unsafe.Add(ref c0, ip);
                        RelK<GeRel>(in a, k, closure, ip, OpCode.JumpIfNotGeK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 2 : Unsafe.Add(ref c0, ip + 1);
                        break;
                    }
                case OpCode.JumpIfNotEqK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, --sp);
                        long k = Unsafe.Add(ref c0, ip);
                        RelK<EqRel>(in a, k, closure, ip, OpCode.JumpIfNotEqK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 2 : Unsafe.Add(ref c0, ip + 1);
                        break;
                    }
                case OpCode.JumpIfNotNeK:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, --sp);
                        long k = Unsafe.Add(ref c0, ip);
                        RelK<NeRel>(in a, k, closure, ip, OpCode.JumpIfNotNeK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 2 : Unsafe.Add(ref c0, ip + 1);
                        break;
                    }

                case OpCode.AddLL:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        ref Value y = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1));
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        Arith<AddOp>(ref dst, in x, in y, closure, ref c0, ip, 3, NoQuickening, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.SubLL:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        ref Value y = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1));
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        Arith<SubOp>(ref dst, in x, in y, closure, ref c0, ip, 3, NoQuickening, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.MulLL:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        ref Value y = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1));
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        Arith<MulOp>(ref dst, in x, in y, closure, ref c0, ip, 3, NoQuickening, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.AddLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        ArithK<AddOp>(ref dst, in x, k, closure, ip, 3, OpCode.AddK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.SubLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        ArithK<SubOp>(ref dst, in x, k, closure, ip, 3, OpCode.SubK, out _, out bool raised);
                        if (raised) goto Raise;
                        break;
                    }
                case OpCode.JumpIfNotLtLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        RelK<LtRel>(in x, k, closure, ip, OpCode.JumpIfNotLtK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 3 : Unsafe.Add(ref c0, ip + 2);
                        break;
                    }
                case OpCode.JumpIfNotLeLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        RelK<LeRel>(in x, k, closure, ip, OpCode.JumpIfNotLeK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 3 : Unsafe.Add(ref c0, ip + 2);
                        break;
                    }
                case OpCode.JumpIfNotGtLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        RelK<GtRel>(in x, k, closure, ip, OpCode.JumpIfNotGtK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 3 : Unsafe.Add(ref c0, ip + 2);
                        break;
                    }
                case OpCode.JumpIfNotGeLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        RelK<GeRel>(in x, k, closure, ip, OpCode.JumpIfNotGeK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 3 : Unsafe.Add(ref c0, ip + 2);
                        break;
                    }
                case OpCode.JumpIfNotEqLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        RelK<EqRel>(in x, k, closure, ip, OpCode.JumpIfNotEqK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 3 : Unsafe.Add(ref c0, ip + 2);
                        break;
                    }
                case OpCode.JumpIfNotNeLK:
                    {
                        ref Value x = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        RelK<NeRel>(in x, k, closure, ip, OpCode.JumpIfNotNeK, out bool r, out bool raised);
                        if (raised) goto Raise;
                        ip = r ? ip + 3 : Unsafe.Add(ref c0, ip + 2);
                        break;
                    }
                case OpCode.Neg:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        SyncPc(ip);
                        a = ArithInLoop(OpCode.Neg, a, a);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.Not:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        AssignB(ref a, !Truthy(a));
                        break;
                    }

                // ---- comparison ----
                case OpCode.Eq:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        Same(in a, in b, out bool r);
                        AssignB(ref a, r);
                        break;
                    }
                case OpCode.Ne:
                    {
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        Same(in a, in b, out bool r);
                        AssignB(ref a, !r);
                        break;
                    }
                case OpCode.Lt:
                case OpCode.Le:
                case OpCode.Gt:
                case OpCode.Ge:
                    {
                        var op = (OpCode)Unsafe.Add(ref c0, ip - 1);
                        ref Value b = ref Unsafe.Add(ref s0, --sp);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        bool r;
                        if (IsI(a) && IsI(b))
                        {
                            long x = a.AsIntUnchecked, y = b.AsIntUnchecked;
                            r = op switch { OpCode.Lt => x < y, OpCode.Le => x <= y, OpCode.Gt => x > y, _ => x >= y };
                        }
                        else
                        {
                            SyncPc(ip);
                            Note(closure.Proto, ip - 1, a, b);
                            r = CompareInLoop(op, a, b);
                            if (_raised is not null) goto Raise;
                        }
                        AssignB(ref a, r);
                        break;
                    }

                // ---- jumps ----
                case OpCode.Jump:
                    ip = Unsafe.Add(ref c0, ip);
                    break;
                case OpCode.Loop:
                    ip = Unsafe.Add(ref c0, ip);
                BackEdge: // every back edge (Loop, ForLoop) counts here, with ip at its target
                    if (--_countdown <= 0)
                    {
                        SyncPc(ip);
                        _sp = FrameBase + sp;
                        CheckLimits();
                        // leave and re-enter the loop (RunFrame): see Interpreter.Bounce
                        _bounce = true;
                        return default;
                    }
                    break;
                case OpCode.ForLoop:
                    {
                        ref Value counter = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        int stepOp = Unsafe.Add(ref c0, ip + 1);
                        int boundOp = Unsafe.Add(ref c0, ip + 2);
                        var mode = (ForLoopMode)Unsafe.Add(ref c0, ip + 3);
                        int target = Unsafe.Add(ref c0, ip + 4);
                        ip += 5;
                        bool again;
                        ref Value stepRef = ref Unsafe.Add(ref s0, stepOp);
                        ref Value boundRef = ref Unsafe.Add(ref s0, boundOp);
                        bool stepLocal = (mode & ForLoopMode.StepIsLocal) != 0, boundLocal = (mode & ForLoopMode.BoundIsLocal) != 0;
                        if (IsI(counter) && (!stepLocal || IsI(stepRef)) && (!boundLocal || IsI(boundRef)))
                        {
                            long x = counter.AsIntUnchecked, k = stepLocal ? stepRef.AsIntUnchecked : stepOp;
                            if (!IntArith.TryAdd(x, k, out long r)) goto ForLoopSlow;
                            Value.SetIntBits(ref counter, r);
                            long y = boundLocal ? boundRef.AsIntUnchecked : boundOp;
                            again = (mode & ForLoopMode.CompareMask) switch
                            {
                                ForLoopMode.Lt => r < y,
                                ForLoopMode.Le => r <= y,
                                ForLoopMode.Gt => r > y,
                                _ => r >= y,
                            };
                        }
                        else goto ForLoopSlow;
                        goto ForLoopJump;
                    ForLoopSlow:
                        SyncPc(ip);
                        counter = ValueOps.Add(counter, stepLocal ? stepRef : Value.FromInt(stepOp));
                        again = Compare((mode & ForLoopMode.CompareMask) switch
                        {
                            ForLoopMode.Lt => OpCode.Lt,
                            ForLoopMode.Le => OpCode.Le,
                            ForLoopMode.Gt => OpCode.Gt,
                            _ => OpCode.Ge,
                        }, counter, boundLocal ? boundRef : Value.FromInt(boundOp));
                    ForLoopJump:
                        if (!again) break;
                        ip = target;
                        goto BackEdge;
                    }
                case OpCode.JumpIfFalse:
                    if (!Truthy(Unsafe.Add(ref s0, --sp))) ip = Unsafe.Add(ref c0, ip);
                    else ip++;
                    break;
                case OpCode.JumpIfTrue:
                    if (Truthy(Unsafe.Add(ref s0, --sp))) ip = Unsafe.Add(ref c0, ip);
                    else ip++;
                    break;
                case OpCode.JumpIfFalseOrPop:
                    if (!Truthy(Unsafe.Add(ref s0, sp - 1))) ip = Unsafe.Add(ref c0, ip);
                    else { sp--; ip++; }
                    break;
                case OpCode.JumpIfTrueOrPop:
                    if (Truthy(Unsafe.Add(ref s0, sp - 1))) ip = Unsafe.Add(ref c0, ip);
                    else { sp--; ip++; }
                    break;
                case OpCode.JumpIfNotLt:
                case OpCode.JumpIfNotLe:
                case OpCode.JumpIfNotGt:
                case OpCode.JumpIfNotGe:
                    {
                        // generic ordered compare-jumps (cold once quickened into the Int forms)
                        var op = (OpCode)Unsafe.Add(ref c0, ip - 1);
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        bool r;
                        if (IsI(a) && IsI(b))
                        {
                            long x = a.AsIntUnchecked, y = b.AsIntUnchecked;
                            r = op switch { OpCode.JumpIfNotLt => x < y, OpCode.JumpIfNotLe => x <= y, OpCode.JumpIfNotGt => x > y, _ => x >= y };
                            Quicken(closure.Proto.Feedback, ref c0, ip - 1, op switch
                            {
                                OpCode.JumpIfNotLt => OpCode.JumpIfNotLtInt,
                                OpCode.JumpIfNotLe => OpCode.JumpIfNotLeInt,
                                OpCode.JumpIfNotGt => OpCode.JumpIfNotGtInt,
                                _ => OpCode.JumpIfNotGeInt,
                            });
                        }
                        else
                        {
                            SyncPc(ip);
                            Note(closure.Proto, ip - 1, a, b);
                            r = CompareInLoop(op switch { OpCode.JumpIfNotLt => OpCode.Lt, OpCode.JumpIfNotLe => OpCode.Le, OpCode.JumpIfNotGt => OpCode.Gt, _ => OpCode.Ge }, a, b);
                            if (_raised is not null) goto Raise;
                        }
                        ip = r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }
                case OpCode.JumpIfNotEq:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        Same(in a, in b, out bool r);
                        ip = r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }
                case OpCode.JumpIfNotNe:
                    {
                        ref Value a = ref Unsafe.Add(ref s0, sp - 2);
                        ref Value b = ref Unsafe.Add(ref s0, sp - 1);
                        sp -= 2;
                        Same(in a, in b, out bool r);
                        ip = !r ? ip + 1 : Unsafe.Add(ref c0, ip);
                        break;
                    }

                // ---- containers ----
                case OpCode.NewArray:
                    {
                        int n = Unsafe.Add(ref c0, ip++);
                        SyncPc(ip);
                        var arr = new SentraArray(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s0, sp - n), n));
                        sp -= n;
                        Unsafe.Add(ref s0, sp++) = Value.FromObject(arr);
                        break;
                    }
                case OpCode.NewMap:
                    {
                        int n = Unsafe.Add(ref c0, ip++);
                        SyncPc(ip);
                        var map = new SentraMap(n);
                        int start = sp - 2 * n;
                        for (int i = start; i < sp; i += 2) map.Set(ValueOps.MapKey(Unsafe.Add(ref s0, i)), Unsafe.Add(ref s0, i + 1));
                        sp = start;
                        Unsafe.Add(ref s0, sp++) = Value.FromObject(map);
                        break;
                    }
                case OpCode.GetIndex:
                    indexKey = ref Unsafe.Add(ref s0, --sp);
                    indexTarget = ref Unsafe.Add(ref s0, sp - 1);
                    elemRef = ref indexTarget;
                    goto GetIndex;
                case OpCode.SetIndex:
                    sp -= 3;
                    indexTarget = ref Unsafe.Add(ref s0, sp);
                    indexKey = ref Unsafe.Add(ref s0, sp + 1);
                    elemRef = ref Unsafe.Add(ref s0, sp + 2);
                    goto SetIndex;
                case OpCode.GetIndexLL:
                    indexTarget = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                    indexKey = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1));
                    ip += 2;
                    elemRef = ref Unsafe.Add(ref s0, sp++);
                    goto GetIndex;
                case OpCode.GetIndexLK:
                    {
                        ref Value target = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        long k = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        if (Exact.As<SentraArray>(target.RawObj) is { } arr)
                        {
                            (elemArr, elemAt) = (arr, k);
                            elemRef = ref dst;
                            goto LoadElement;
                        }
                        SyncPc(ip);
                        dst = GetIndexInLoop(target, Value.FromInt(k));
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.SetIndexLL:
                    indexTarget = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                    indexKey = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip + 1));
                    ip += 2;
                    elemRef = ref Unsafe.Add(ref s0, --sp);
                    goto SetIndex;
                case OpCode.GetIndexK:
                    {
                        ref Value target = ref Unsafe.Add(ref s0, sp - 1);
                        ref Value key = ref closure.Proto.Constants[Unsafe.Add(ref c0, ip++)];
                        if (Exact.As<SentraMap>(target.RawObj) is { } map)
                        {
                            target = map.GetCached(key.AsPlainString, ref closure.Proto.InlineCache[ip - 2]);
                            break;
                        }
                        SyncPc(ip);
                        target = GetIndexInLoop(target, key);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.SetIndexK:
                    {
                        ref Value key = ref closure.Proto.Constants[Unsafe.Add(ref c0, ip++)];
                        sp -= 2;
                        Value target = Unsafe.Add(ref s0, sp);
                        Value v = Unsafe.Add(ref s0, sp + 1);
                        if (Exact.As<SentraMap>(target.RawObj) is { } map)
                        {
                            map.SetCached(key.AsPlainString, v, ref closure.Proto.InlineCache[ip - 2]);
                            break;
                        }
                        SyncPc(ip);
                        SetIndexInLoop(target, key, v);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.GetIndexLC:
                case OpCode.GetPropLC:
                    {
                        int start = ip - 1;
                        ref Value target = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        ref Value key = ref closure.Proto.Constants[Unsafe.Add(ref c0, ip + 1)];
                        ip += 2;
                        ref Value dst = ref Unsafe.Add(ref s0, sp++);
                        if (Exact.As<SentraMap>(target.RawObj) is { } map)
                        {
                            Value.Assign(ref dst, map.GetCached(key.AsPlainString, ref closure.Proto.InlineCache[start]));
                            break;
                        }
                        SyncPc(ip);
                        dst = (OpCode)Unsafe.Add(ref c0, start) == OpCode.GetIndexLC
                            ? GetIndexInLoop(target, key)
                            : GetPropertyInLoop(target, key.AsPlainString);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.SetIndexLC:
                case OpCode.SetPropLC:
                    {
                        int start = ip - 1;
                        Value target = Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                        ref Value key = ref closure.Proto.Constants[Unsafe.Add(ref c0, ip + 1)];
                        ip += 2;
                        Value v = Unsafe.Add(ref s0, --sp);
                        if (Exact.As<SentraMap>(target.RawObj) is { } map)
                        {
                            map.SetCached(key.AsPlainString, v, ref closure.Proto.InlineCache[start]);
                            break;
                        }
                        SyncPc(ip);
                        SetIndexInLoop(target, key, v); // SPEC 2.5: a.name = v is a["name"] = v
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.GetProp:
                    {
                        ref Value target = ref Unsafe.Add(ref s0, sp - 1);
                        string name = closure.Proto.Constants[Unsafe.Add(ref c0, ip++)].AsPlainString;
                        if (Exact.As<SentraMap>(target.RawObj) is { } map)
                        {
                            target = map.GetCached(name, ref closure.Proto.InlineCache[ip - 2]);
                            break;
                        }
                        SyncPc(ip);
                        target = GetPropertyInLoop(target, name);
                        if (_raised is not null) goto Raise;
                        break;
                    }
                case OpCode.SetProp:
                    {
                        string name = closure.Proto.Constants[Unsafe.Add(ref c0, ip++)].AsPlainString;
                        sp -= 2;
                        Value target = Unsafe.Add(ref s0, sp);
                        Value v = Unsafe.Add(ref s0, sp + 1);
                        if (Exact.As<SentraMap>(target.RawObj) is { } map)
                        {
                            map.SetCached(name, v, ref closure.Proto.InlineCache[ip - 2]);
                            break;
                        }
                        SyncPc(ip);
                        SetPropertyInLoop(target, name, v);
                        if (_raised is not null) goto Raise;
                        break;
                    }

                // ---- calls ----
                case OpCode.Call:
                    argc = Unsafe.Add(ref c0, ip++);
                    resultAt = sp - argc - 1;
                    callee = Unsafe.Add(ref s0, resultAt);
                    goto DoCall;
                case OpCode.CheckGlobal:
                    {
                        // the undefined-variable error of a CallGlobal, before its arguments
                        int g = Unsafe.Add(ref c0, ip++);
                        if (IsU(closure.Globals[g]))
                        {
                            SyncPc(ip);
                            UndefinedGlobal(closure, g);
                        }
                        break;
                    }
                case OpCode.CallGlobal:
                    {
                        // no callee slot: the result replaces the first argument
                        int g = Unsafe.Add(ref c0, ip);
                        callee = closure.Globals[g];
                        argc = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        resultAt = sp - argc;
                        if (IsU(callee))
                        {
                            // unchecked globals (builtins, hoisted functions) are never unassigned
                            // by a script, but a host can set one to Undefined
                            SyncPc(ip);
                            UndefinedGlobal(closure, g);
                        }
                        goto DoCall;
                    }
                case OpCode.StrCall:
                    {
                        // str(x) in a concatenation chain: with the builtin str and an int or an
                        // ordinary string there is nothing to do (ToStr and ConcatN format x exactly as
                        // str would); anything else makes the call, as CallGlobal g 1
                        int g = Unsafe.Add(ref c0, ip);
                        callee = closure.Globals[g];
                        ip += 1;
                        ref Value a = ref Unsafe.Add(ref s0, sp - 1);
                        if (ReferenceEquals(callee.RawObj, _strBuiltin) && (IsI(a) || a.IsPlainString)) break;
                        argc = 1;
                        resultAt = sp - 1;
                        if (IsU(callee))
                        {
                            SyncPc(ip);
                            UndefinedGlobal(closure, g);
                        }
                        goto DoCall;
                    }
                case OpCode.CallLocal:
                    callee = Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                    argc = Unsafe.Add(ref c0, ip + 1);
                    ip += 2;
                    resultAt = sp - argc;
                    goto DoCall;
                case OpCode.CallUpval:
                    callee = closure.Upvalues[Unsafe.Add(ref c0, ip)].Value;
                    argc = Unsafe.Add(ref c0, ip + 1);
                    ip += 2;
                    resultAt = sp - argc;
                    goto DoCall;
                case OpCode.CallMethod:
                    {
                        string name = closure.Proto.Constants[Unsafe.Add(ref c0, ip)].AsPlainString;
                        argc = Unsafe.Add(ref c0, ip + 1);
                        ip += 2;
                        SyncPc(ip);
                        // either replaces the receiver slot with the callee (then a plain call), or
                        // returns the builtin method that takes the receiver as its first argument
                        var method = ResolveMethodInLoop(ref Unsafe.Add(ref s0, sp - argc - 1), name, closure, ip - 3);
                        if (_raised is not null) goto Raise;
                        if (method is null)
                        {
                            resultAt = sp - argc - 1;
                            callee = Unsafe.Add(ref s0, resultAt);
                            goto DoCall;
                        }
                        _sp = FrameBase + sp;
                        if (!ArityOk(method, argc + 1)) goto Raise;
                        Value r = method.Fn(this, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s0, sp - argc - 1), argc + 1));
                        if (BuiltinError.Is(r))
                        {
                            RaiseReturned(r.RawObj);
                            goto Raise;
                        }
                        s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), FrameBase);
                        sp -= argc;
                        Unsafe.Add(ref s0, sp - 1) = r;
                        break;
                    }
                case OpCode.ReturnLocal:
                    returned = ref Unsafe.Add(ref s0, Unsafe.Add(ref c0, ip));
                    goto DoReturn;
                case OpCode.Return:
                    returned = ref Unsafe.Add(ref s0, sp - 1);
                    goto DoReturn;
                case OpCode.Closure:
                    {
                        var p = closure.Proto.Protos[Unsafe.Add(ref c0, ip++)];
                        var cells = p.UpvalueCount == 0 ? [] : new Cell[p.UpvalueCount];
                        for (int i = 0; i < cells.Length; i++)
                        {
                            int d = Unsafe.Add(ref c0, ip++);
                            cells[i] = d >= 0 ? Unsafe.As<Cell>(Unsafe.Add(ref s0, d).RawObj!) : closure.Upvalues[~d];
                        }
                        Unsafe.Add(ref s0, sp++) = Value.FromObject(new Closure(p, cells, closure.Module));
                        break;
                    }

                // ---- for-in ----
                case OpCode.IterInit:
                    {
                        int s = Unsafe.Add(ref c0, ip++);
                        SyncPc(ip);
                        IterInit(Unsafe.Add(ref s0, --sp), ref Unsafe.Add(ref s0, s), ref Unsafe.Add(ref s0, s + 1));
                        break;
                    }
                case OpCode.IterNext:
                    {
                        int s = Unsafe.Add(ref c0, ip++);
                        Value src = Unsafe.Add(ref s0, s);
                        ref Value pos = ref Unsafe.Add(ref s0, s + 1);
                        long i = pos.AsIntUnchecked;
                        if (Exact.As<SentraArray>(src.RawObj) is { } arr)
                        {
                            if (i < arr.Count)
                            {
                                Value.SetIntBits(ref pos, i + 1);
                                ip++;
                                (elemArr, elemAt) = (arr, i);
                                elemRef = ref Unsafe.Add(ref s0, sp++);
                                goto LoadElement;
                            }
                            ip = Unsafe.Add(ref c0, ip);
                            break;
                        }
                        // strings: i is a UTF-16 offset
                        string str = src.AsPlainString;
                        if (i < str.Length)
                        {
                            int len = char.IsHighSurrogate(str[(int)i]) && i + 1 < str.Length && char.IsLowSurrogate(str[(int)i + 1]) ? 2 : 1;
                            Unsafe.Add(ref s0, sp++) = Value.FromString(len == 1 ? CharString(str[(int)i]) : str.Substring((int)i, 2));
                            Value.SetIntBits(ref pos, i + len);
                            ip++;
                        }
                        else ip = Unsafe.Add(ref c0, ip);
                        break;
                    }

                case OpCode.Throw:
                    {
                        Value v = Unsafe.Add(ref s0, --sp);
                        SyncPc(ip);
                        _sp = FrameBase + sp;
                        ThrowInLoop(v); // returns when a handler in this run took it
                        goto Resume;
                    }
                case OpCode.Import:
                    {
                        string path = closure.Proto.Constants[Unsafe.Add(ref c0, ip++)].AsPlainString;
                        SyncPc(ip);
                        _sp = FrameBase + sp;
                        var module = _modules.Import(path, closure.Proto.File);
                        s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), FrameBase);
                        Unsafe.Add(ref s0, sp++) = Value.FromObject(module);
                        break;
                    }
                default:
                    BadOpcode(closure.Proto, ip - 1);
                    break;
            }
            continue;

        Raise:
            // a slow path reported a SPEC error (_raised) after its SyncPc: routed like `throw`
            RaiseInLoop(); // returns when a handler in this run took it

        Resume:
            {
                // a handler took an error: continue at it, in its (possibly different) frame
                ref CallFrame hf = ref _frames[_fp];
                closure = hf.Closure;
                c0 = ref MemoryMarshal.GetArrayDataReference(closure.Code);
                s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), hf.Base);
                ip = hf.Pc;
                sp = _sp - hf.Base;
                continue;
            }

        GetIndex:
            {
                // indexTarget[indexKey] into elemRef
                if (Exact.As<SentraArray>(indexTarget.RawObj) is { } arr && IsI(indexKey))
                {
                    (elemArr, elemAt) = (arr, indexKey.AsIntUnchecked);
                    goto LoadElement;
                }
                SyncPc(ip);
                elemRef = GetIndexInLoop(indexTarget, indexKey);
                if (_raised is not null) goto Raise;
                continue;
            }

        SetIndex:
            {
                // indexTarget[indexKey] := elemRef
                if (Exact.As<SentraArray>(indexTarget.RawObj) is { } arr && IsI(indexKey) && (ulong)indexKey.AsIntUnchecked < (ulong)arr.Count)
                {
                    (elemArr, elemAt) = (arr, indexKey.AsIntUnchecked);
                    goto StoreElement;
                }
                SyncPc(ip);
                SetIndexInLoop(indexTarget, indexKey, elemRef);
                if (_raised is not null) goto Raise;
                continue;
            }

        LoadElement:
            {
                // elemArr[elemAt] into elemRef, nil out of range. Packed storage: the kinds the
                // loop reads inline (ints, bools) test against the instance tags (no static
                // reads in precompiled code), floats go out of line
                if ((ulong)elemAt < (ulong)elemArr.Count)
                {
                    object data = elemArr.Data;
                    if (data.GetType() == typeof(Value[])) Value.Assign(ref elemRef, in Unsafe.As<Value[]>(data)[elemAt]);
                    else if (data.GetType() == typeof(long[])) AssignI(ref elemRef, Unsafe.As<long[]>(data)[elemAt]);
                    else if (data.GetType() == typeof(bool[])) AssignB(ref elemRef, Unsafe.As<bool[]>(data)[elemAt]);
                    else elemRef = elemArr[(int)elemAt];
                }
                else elemRef = default;
                continue;
            }

        StoreElement:
            {
                // elemArr[elemAt] := elemRef, 0 <= elemAt < Count. Packed storage: a store that
                // fits stays inline; a float, or one that turns the array general, goes out of line
                object data = elemArr.Data;
                if (data.GetType() == typeof(Value[])) Value.Assign(ref Unsafe.As<Value[]>(data)[elemAt], in elemRef);
                else if (IsI(elemRef) && data.GetType() == typeof(long[])) Unsafe.As<long[]>(data)[elemAt] = elemRef.RawBits;
                else if (ReferenceEquals(elemRef.RawObj, _boolTag) && data.GetType() == typeof(bool[])) Unsafe.As<bool[]>(data)[elemAt] = elemRef.RawBits != 0;
                else elemArr.SetInRange((int)elemAt, elemRef);
                continue;
            }

        DoReturn:
            {
                // `returned` refers to the value (on the operand stack or in a local of the
                // frame being left, above every slot the caller's result can go to)
                ref CallFrame done = ref _frames[_fp];
                bool isEntry = done.IsEntry;
                int at = done.ResultAt; // absolute
                _fp--;
                if (isEntry)
                {
                    // a call of a builtin's loop (map, filter, ...): the next call, if any,
                    // runs in the same frame slot without leaving this loop
                    if (done.Loop is { } loop && NextOfLoop(loop, closure, done.Base, at, in returned))
                    {
                        c0 = ref MemoryMarshal.GetArrayDataReference(closure.Code);
                        s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), _frames[_fp].Base);
                        ip = 0;
                        sp = closure.Proto.MaxLocals;
                        continue;
                    }
                    _sp = at;
                    return returned;
                }
                ref CallFrame caller = ref _frames[_fp];
                closure = caller.Closure;
                c0 = ref MemoryMarshal.GetArrayDataReference(closure.Code);
                s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), caller.Base);
                sp = at - caller.Base;
                Value.Assign(ref Unsafe.Add(ref s0, sp++), in returned);
                ip = caller.Pc;
                continue;
            }

        DoCall:
            {
                // `callee` is set; the arguments are the top argc values; the result goes to
                // resultAt: the callee slot below them, or (CallGlobal) the first argument's
                if (Exact.As<Closure>(callee.RawObj) is { } cl)
                {
                    var p = cl.Proto;
                    // the tier's entry check: one field test without a backend; with one, the
                    // function's call counter (negative while compiled code exists)
                    if (_tier is not null && --p.JitHeat < 0 && argc == p.Arity)
                    {
                        // everything out of line (no new locals in this method: they cost the
                        // whole loop registers); the result is written into its slot
                        SyncPc(ip);
                        _sp = FrameBase + sp;
                        if (TierCall(cl, argc, resultAt))
                        {
                            s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), FrameBase);
                            sp = resultAt + 1;
                            continue;
                        }
                    }
                    bool bounce = false;
                    if (argc != p.Arity || _fp + 1 >= _frameLimit || --_countdown <= 0)
                    {
                        SyncPc(ip);
                        _sp = FrameBase + sp;
                        CallChecks(p, argc);
                        if (_raised is not null) goto Raise;
                        bounce = true; // CallChecks returns only when the countdown ran out or it grew the frames
                    }
                    ref CallFrame current = ref _frames[_fp];
                    current.Pc = ip;
                    int newBase = current.Base + sp - argc;
                    if (newBase + p.FrameSize > _stack.Length) EnsureStack(newBase + p.FrameSize);
                    PushFrameInCapacity(cl, newBase, argc, isEntry: false, pc: 0, resultAt: current.Base + resultAt);
                    closure = cl;
                    c0 = ref MemoryMarshal.GetArrayDataReference(closure.Code);
                    s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), newBase);
                    ip = 0;
                    sp = p.MaxLocals;
                    if (bounce)
                    {
                        // the new frame is complete (pc 0): leave and re-enter, as at a back edge
                        _sp = newBase + sp;
                        _bounce = true;
                        return default;
                    }
                    continue;
                }
                SyncPc(ip);
                // the frame's base is read once (a callback can move the stack array, never
                // the frame): the end of this method is where the precompiling JIT runs out of
                // inlining budget, and each property read here would become a call
                int frameBase = _frames[_fp].Base;
                _sp = frameBase + sp;
                Value result;
                if (Exact.As<BuiltinFunction>(callee.RawObj) is { } bf && argc >= bf.MinArity && (argc <= bf.MaxArity || bf.MaxArity < 0))
                {
                    // arguments are passed in place, as a span over the value stack
                    result = bf.Fn(this, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s0, sp - argc), argc));
                    if (BuiltinError.Is(result))
                    {
                        RaiseReturned(result.RawObj);
                        goto Raise;
                    }
                }
                else
                {
                    result = CallNative(callee, argc, frameBase + sp, calleeSlot: resultAt < sp - argc);
                    if (_raised is not null) goto Raise;
                }
                s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frameBase);
                sp = resultAt + 1;
                // most builtins return the kind the slot already holds (an int over an int
                // argument): then only the payload is written, no GC write barrier call
                Value.Assign(ref Unsafe.Add(ref s0, resultAt), in result);
                continue;
            }
        }
    }
}
