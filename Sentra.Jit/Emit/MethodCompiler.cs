// The bytecode-to-IL translator: one function becomes one DynamicMethod
//
//     Value F(JitUnit unit, Interpreter interp, Closure closure, ref Value frame, int entryPc)
//
// (bound to its unit as a CompiledCode delegate). It runs in two passes over the lowered
// instructions (Lowering.cs):
//
// 1. Type analysis. A forward dataflow over the instructions gives, at each one, the kind of
//    every interpreter slot (locals, then the operand stack): N (always nil), B (bool),
//    I (int), F (float) or V (any value). Kinds come from constants, from arithmetic on known
//    kinds, from the arguments the function was compiled for (checked on entry: a guard),
//    and from instructions whose interpreter profile says they saw only ints (a V operand is
//    then checked and unboxed: a guard). Int arithmetic on I operands stays I with an
//    explicit overflow check; overflow is a guard failure. Where two paths meet with
//    different kinds the slot becomes V.
// 2. Emission. Each (slot, kind) pair is an IL local of type long, double, bool or Value, so
//    an I loop counter is a plain long. Joins convert (box) on the incoming edge. Every guard
//    branches to the deopt exit of its slot layout, which stores the locals unboxed for
//    JitRuntime.DeoptAt to box into the interpreter's frame layout; the interpreter then
//    finishes the call.
//
// Entries: pc 0 for calls (arguments read from `frame`), and each loop header for on-stack
// replacement (every slot read from `frame`, checked against the header's kinds). Every
// back edge polls the interpreter's step budget, timeout and cancellation. A function with
// exception handlers is one IL try block whose catch dispatches to the Sentra handlers
// (BeginProtected, EmitExits).
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Execution;
using Sentra.Jit.Deopt;
using Sentra.Jit.Lowering;
using Sentra.Jit.Tiering;
using Sentra.Runtime;
using BcOp = Sentra.Bytecode.OpCode;
using OpCodes = System.Reflection.Emit.OpCodes;

namespace Sentra.Jit.Emit;

/// <summary>The kind an interpreter slot holds at an instruction, as far as compiled code knows.</summary>
public enum Kind : byte
{
    /// <summary>Always nil (no storage).</summary>
    N,
    /// <summary>A bool (IL bool).</summary>
    B,
    /// <summary>An int (IL long).</summary>
    I,
    /// <summary>A float (IL double).</summary>
    F,
    /// <summary>Any value (IL Value).</summary>
    V,
}

/// <summary>A function the JIT declines to compile, with the reason (shown by --stats).</summary>
public sealed class NotCompilableException(string reason) : Exception(reason);

/// <summary>Compiles one function (see the file header).</summary>
internal sealed partial class MethodCompiler
{
    private readonly FunctionProto _proto;
    private readonly Closure _closure;
    private readonly int[] _code;
    private readonly bool _speculate;
    private readonly bool _stress;
    private readonly JitUnit _unit;
    private readonly Kind[] _argKinds;
    private readonly int _nLocals;
    // instructions by pc, and in pc order (plain collections over int keys: the generic
    // instantiations precompiled code already has, so the first compilation of a process
    // does not wait for the .NET JIT to compile a sorted dictionary's code)
    private readonly Dictionary<int, LoweredInstruction> _instrs = [];
    private readonly List<LoweredInstruction> _inOrder = [];
    private readonly Dictionary<int, Kind[]> _states = [];
    private readonly HashSet<int> _loopHeaders = [];
    private readonly List<object> _objects = [];
    private readonly List<string> _sites = [];

    public MethodCompiler(FunctionProto proto, Closure closure, ReadOnlySpan<Value> args, bool speculate, bool stress, JitUnit unit)
    {
        _proto = proto;
        _closure = closure;
        _code = (int[])proto.Code.Clone(); // a snapshot: the interpreter quickens in place
        _speculate = speculate;
        _stress = stress;
        _unit = unit;
        _nLocals = proto.MaxLocals;
        _argKinds = new Kind[proto.Arity];
        for (int i = 0; i < proto.Arity; i++)
        {
            var v = i < args.Length ? args[i] : default;
            _argKinds[i] = speculate && v.IsInt ? Kind.I : speculate && v.IsFloat ? Kind.F : Kind.V;
        }
        if (speculate)
        {
            int budget = FieldSampleBudget;
            foreach (var a in args) SampleFields(a, 2, ref budget);
            _elementKind = ArgumentElementKind(args);
        }
    }

    /// <summary>
    /// The element kind int-indexed reads of arrays are compiled for: I (or F) when every
    /// array among the arguments has packed int (or float) storage and no argument is a
    /// string (which int indexes too); V (no speculation) otherwise.
    /// </summary>
    private static Kind ArgumentElementKind(ReadOnlySpan<Value> args)
    {
        var kind = Kind.N;
        foreach (var a in args)
        {
            if (a.RawObj is string) return Kind.V;
            if (a.RawObj is not SentraArray array) continue;
            var k = array.Data switch { long[] => Kind.I, double[] => Kind.F, _ => SampledKind(array) };
            kind = kind == Kind.N || kind == k ? k : Kind.V;
        }
        return kind is Kind.I or Kind.F ? kind : Kind.V;
    }

    /// <summary>The kind of a general array's elements when its first ones (all of a short one) are all ints or all floats; N when empty, V otherwise.</summary>
    private static Kind SampledKind(SentraArray array)
    {
        var kind = Kind.N;
        for (int i = 0; i < array.Count && i < FieldSampleBudget; i++)
        {
            var e = array[i];
            var k = e.IsInt ? Kind.I : e.IsFloat ? Kind.F : Kind.V;
            if (kind != Kind.N && k != kind) return Kind.V;
            kind = k;
        }
        return kind;
    }

    private readonly Kind _elementKind = Kind.V;

    /// <summary>The kind an element read is compiled for (before its operands are popped): the speculated element kind for an int index into a value slot, else V.</summary>
    private Kind SpeculatedElement(MicroOp m, IReadOnlyList<Kind> st)
    {
        if (_elementKind == Kind.V || m.Kind != MicroKind.GetIndex || m.Flag != 0) return Kind.V;
        int top = st.Count;
        Kind ki;
        switch (m.B.Kind)
        {
            case OperandKind.Stack: ki = st[--top]; break;
            case OperandKind.Local: ki = st[(int)m.B.Value]; break;
            case OperandKind.Imm: ki = Kind.I; break;
            default: return Kind.V;
        }
        Kind kt;
        switch (m.A.Kind)
        {
            case OperandKind.Stack: kt = st[--top]; break;
            case OperandKind.Local: kt = st[(int)m.A.Value]; break;
            default: return Kind.V;
        }
        return ki == Kind.I && kt == Kind.V ? _elementKind : Kind.V;
    }

    // ---- speculation on map fields and math builtins ------------------------------------
    //
    // Compiled for its arguments' kinds, a function is also compiled for the kinds of the map
    // fields they hold: a field whose every value seen in maps reachable from the arguments
    // (the arguments, elements of argument arrays, values of argument maps, one level down)
    // was a float is read as an unboxed float wherever the function reads that key with a
    // constant (`b.x`, `b["x"]`); the read checks the value it got and, when it is not a
    // float, deoptimizes just after the read with the value on the operand stack (nothing is
    // read twice). A call of sqrt, sin, cos or tan through a global that still holds the
    // builtin, with an int or float argument, is the Math method inline with a float result;
    // the global is checked first and a replaced builtin deoptimizes before the call.

    /// <summary>Most values looked at for field kinds (arguments' elements and fields), so compiling stays cheap for large arguments.</summary>
    private const int FieldSampleBudget = 256;

    /// <summary>Per field name: F while every value seen was a float, V once another kind was seen.</summary>
    private readonly Dictionary<string, Kind> _fieldKinds = new(StringComparer.Ordinal);

    private void SampleFields(Value v, int depth, ref int budget)
    {
        if (budget <= 0 || depth < 0) return;
        switch (v.RawObj)
        {
            case SentraMap map:
                foreach (var (key, value) in map.Entries)
                {
                    if (--budget < 0) return;
                    var k = value.IsFloat ? Kind.F : Kind.V;
                    _fieldKinds[key] = _fieldKinds.TryGetValue(key, out var seen) && seen != k ? Kind.V : k;
                    if (value.RawObj is SentraMap or SentraArray) SampleFields(value, depth - 1, ref budget);
                }
                break;
            case SentraArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (--budget < 0) return;
                    var e = array[i];
                    if (e.RawObj is SentraMap or SentraArray) SampleFields(e, depth - 1, ref budget);
                }
                break;
        }
    }

    /// <summary>Field reads compiled as unboxed floats (by micro operation).</summary>
    private readonly HashSet<MicroOp> _floatLoads = new(ReferenceEqualityComparer.Instance);

    /// <summary>Calls of a float math builtin through a global, with the Math method that computes them (by micro operation).</summary>
    private readonly Dictionary<MicroOp, (int Global, BuiltinFunction Builtin, MethodInfo Math)> _mathCalls = new(ReferenceEqualityComparer.Instance);

    private static readonly string[] s_floatMath = ["sqrt", "sin", "cos", "tan"];

    private void FindSpeculations(MicroOp m)
    {
        if (!_speculate) return;
        if (m.Kind == MicroKind.GetIndex && m.B.Kind == OperandKind.Const
            && _proto.Constants[(int)m.B.Value].RawObj is string key
            && _fieldKinds.TryGetValue(key, out var k) && k == Kind.F)
            _floatLoads.Add(m);
        if (m.Kind == MicroKind.Call && m.A.Kind == OperandKind.Global && m.N == 1
            && _closure.Globals[(int)m.A.Value].RawObj is BuiltinFunction bf)
        {
            foreach (var name in s_floatMath)
            {
                // the registry's own builtin (not a host function of that name)
                int slot = BuiltinRegistry.SlotOf(name);
                if (slot >= 0 && ReferenceEquals(bf, BuiltinRegistry.AtSlot(slot)))
                    _mathCalls[m] = ((int)m.A.Value, bf, typeof(Math).GetMethod(char.ToUpperInvariant(name[0]) + name[1..], [typeof(double)])!);
            }
        }
    }

    /// <summary>Loop headers: the pcs where on-stack replacement can enter.</summary>
    public IReadOnlySet<int> LoopHeaders => _loopHeaders;

    // ---- pass 1: decoding and type analysis ---------------------------------------------

    private void Decode()
    {
        foreach (var h in _proto.Handlers)
        {
            if (h.StackDepth != 0) throw new NotCompilableException("a handler with values on the operand stack");
        }
        for (int pc = 0; pc < _code.Length;)
        {
            var ins = Lowerer.Lower(_proto, _code, pc);
            _instrs[pc] = ins;
            _inOrder.Add(ins);
            foreach (var m in ins.Ops) FindSpeculations(m);
            pc = ins.Next;
        }
    }

    private Kind[] EntryState()
    {
        var s = new Kind[_nLocals];
        for (int i = 0; i < _argKinds.Length; i++) s[i] = _argKinds[i];
        for (int i = 0; i < s.Length; i++) s[i] = Pin(i, s[i]);
        return s;
    }

    /// <summary>
    /// Slots kept as values (V) everywhere. In a function with handlers, a slot whose kind
    /// varies across a protected range is pinned: when an error arrives at the handler, the
    /// slot's value must be in the one IL local the handler's code reads, whichever
    /// instruction raised it.
    /// </summary>
    private bool[] _pinned = [];

    private Kind Pin(int slot, Kind k) => slot < _pinned.Length && _pinned[slot] ? Kind.V : k;

    /// <summary>Analyzes, pinning slots until every protected range agrees with its handler on each slot's kind.</summary>
    private void AnalyzeWithHandlers()
    {
        _pinned = new bool[_nLocals];
        while (true)
        {
            _states.Clear();
            _loopHeaders.Clear();
            Analyze();
            bool changed = false;
            foreach (var h in _proto.Handlers)
            {
                if (!_states.TryGetValue(h.Target, out var target)) continue;
                foreach (var (pc, st) in _states)
                {
                    if (pc < h.Start || pc >= h.End) continue;
                    // the kinds before the instruction and after it (an instruction may store a
                    // local and then raise)
                    _states.TryGetValue(_instrs[pc].Next, out var after);
                    for (int s = 0; s < _nLocals; s++)
                    {
                        if ((st[s] != target[s] || (after is not null && after[s] != target[s])) && !_pinned[s])
                        {
                            _pinned[s] = true;
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) return;
        }
    }

    private void Analyze()
    {
        var work = new Stack<int>();
        Merge(0, EntryState(), work);
        while (work.Count > 0)
        {
            int pc = work.Pop();
            var ins = _instrs[pc];
            var st = new List<Kind>(_states[pc]);
            bool falls = true;
            // an error inside a protected range continues at its handler with the locals as
            // they are and the raised value on an otherwise empty operand stack
            foreach (var h in _proto.Handlers)
            {
                if (pc >= h.Start && pc < h.End)
                {
                    var into = new Kind[_nLocals + 1];
                    for (int i = 0; i < _nLocals; i++) into[i] = st[i];
                    into[_nLocals] = Kind.V;
                    Merge(h.Target, into, work);
                }
            }
            foreach (var m in ins.Ops)
            {
                switch (m.Kind)
                {
                    case MicroKind.Jump:
                        if (m.Target <= pc) _loopHeaders.Add(m.Target);
                        Merge(m.Target, st.ToArray(), work);
                        falls = false;
                        break;
                    case MicroKind.Branch:
                        st.RemoveAt(st.Count - 1);
                        if (m.Target <= pc) _loopHeaders.Add(m.Target);
                        Merge(m.Target, st.ToArray(), work);
                        break;
                    case MicroKind.BranchOrPop:
                        Merge(m.Target, st.ToArray(), work);
                        st.RemoveAt(st.Count - 1);
                        break;
                    case MicroKind.IterNext:
                        Merge(m.Target, st.ToArray(), work);
                        st.Add(Kind.V);
                        break;
                    case MicroKind.Binary when m.Dest is DestKind.BranchIfFalse or DestKind.BranchIfTrue:
                        Transfer(m, st);
                        if (m.Target <= pc) _loopHeaders.Add(m.Target);
                        Merge(m.Target, st.ToArray(), work);
                        break;
                    case MicroKind.Return:
                    case MicroKind.Throw:
                        falls = false;
                        break;
                    default:
                        Transfer(m, st);
                        break;
                }
                if (!falls) break;
            }
            if (falls)
            {
                if (ins.Next >= _code.Length) throw new NotCompilableException("falls off the end of the code");
                Merge(ins.Next, st.ToArray(), work);
            }
        }
    }

    private void Merge(int pc, Kind[] incoming, Stack<int> work)
    {
        if (!_instrs.ContainsKey(pc)) throw new NotCompilableException($"jump into the middle of an instruction at {pc}");
        if (!_states.TryGetValue(pc, out var cur))
        {
            _states[pc] = incoming;
            work.Push(pc);
            return;
        }
        if (cur.Length != incoming.Length) throw new NotCompilableException($"stack depths differ at {pc}");
        bool changed = false;
        for (int i = 0; i < cur.Length; i++)
        {
            if (cur[i] != incoming[i] && cur[i] != Kind.V)
            {
                cur[i] = Kind.V;
                changed = true;
            }
        }
        if (changed) work.Push(pc);
    }

    /// <summary>The abstract effect of a micro operation on the slot kinds (all but control flow).</summary>
    private void Transfer(MicroOp m, List<Kind> st)
    {
        switch (m.Kind)
        {
            case MicroKind.Push: st.Add(ConstKind(m.A)); break;
            case MicroKind.PushLiteral: st.Add(m.Flag == 0 ? Kind.N : Kind.B); break;
            case MicroKind.Pop: st.RemoveRange(st.Count - m.N, m.N); break;
            case MicroKind.Dup: st.Add(st[^1]); break;
            case MicroKind.LoadLocal: st.Add(st[m.S]); break;
            case MicroKind.StoreLocal: st[m.S] = Pin(m.S, Pop(st)); break;
            case MicroKind.LoadCell: st.Add(Kind.V); break;
            case MicroKind.StoreCell: Pop(st); break;
            case MicroKind.NewCell:
            case MicroKind.WrapCell: st[m.S] = Kind.V; break;
            case MicroKind.LoadUpval: st.Add(Kind.V); break;
            case MicroKind.StoreUpval: Pop(st); break;
            case MicroKind.LoadGlobal: st.Add(Kind.V); break;
            case MicroKind.StoreGlobal: Pop(st); break;
            case MicroKind.CheckGlobal: break;
            case MicroKind.Binary:
                {
                    var (ka, kb) = OperandKinds(m, st);
                    PopOperands(m, st);
                    var r = BinaryResult(m, ka, kb);
                    if (m.Dest == DestKind.Push) st.Add(r);
                    else if (m.Dest == DestKind.Local) st[m.S] = Pin(m.S, r);
                    break;
                }
            case MicroKind.Neg:
                {
                    var k = Pop(st);
                    st.Add(k == Kind.F ? Kind.F : k == Kind.I && _speculate ? Kind.I : Kind.V);
                    break;
                }
            case MicroKind.Not: Pop(st); st.Add(Kind.B); break;
            case MicroKind.NewArray: st.RemoveRange(st.Count - m.N, m.N); st.Add(Kind.V); break;
            case MicroKind.NewMap: st.RemoveRange(st.Count - 2 * m.N, 2 * m.N); st.Add(Kind.V); break;
            case MicroKind.GetIndex:
                {
                    var element = SpeculatedElement(m, st);
                    PopIf(m.B, st);
                    PopIf(m.A, st);
                    st.Add(_floatLoads.Contains(m) ? Kind.F : element);
                    break;
                }
            case MicroKind.SetIndex:
                PopIf(m.C, st);
                PopIf(m.B, st);
                PopIf(m.A, st);
                break;
            case MicroKind.Call:
                {
                    bool math = IsMathCall(m, st);
                    st.RemoveRange(st.Count - m.N, m.N);
                    if (m.A.Kind == OperandKind.Stack) Pop(st);
                    st.Add(math ? Kind.F : Kind.V);
                    break;
                }
            case MicroKind.CallMethod:
                st.RemoveRange(st.Count - m.N - 1, m.N + 1);
                st.Add(Kind.V);
                break;
            case MicroKind.StrCall: Pop(st); st.Add(Kind.V); break;
            case MicroKind.Closure: st.Add(Kind.V); break;
            case MicroKind.IterInit: Pop(st); st[m.S] = Kind.V; st[m.S + 1] = Kind.V; break;
            case MicroKind.Import: st.Add(Kind.V); break;
            case MicroKind.ToStr: st.Add(Pop(st) == Kind.I ? Kind.I : Kind.V); break;
            case MicroKind.ConcatN: st.RemoveRange(st.Count - m.N, m.N); st.Add(Kind.V); break;
            default: throw new NotCompilableException($"no transfer for {m.Kind}");
        }
    }

    /// <summary>Whether this call is a float math builtin inline (its argument an int or a float here).</summary>
    private bool IsMathCall(MicroOp m, IReadOnlyList<Kind> st) => _mathCalls.ContainsKey(m) && st[^1] is Kind.I or Kind.F;

    private static Kind Pop(List<Kind> st)
    {
        var k = st[^1];
        st.RemoveAt(st.Count - 1);
        return k;
    }

    private static void PopIf(Operand o, List<Kind> st)
    {
        if (o.Kind == OperandKind.Stack) st.RemoveAt(st.Count - 1);
    }

    private Kind ConstKind(Operand o)
    {
        if (o.Kind == OperandKind.Imm) return Kind.I;
        var v = _proto.Constants[(int)o.Value];
        return v.IsInt ? Kind.I : v.IsFloat ? Kind.F : v.IsBool ? Kind.B : v.IsNil ? Kind.N : Kind.V;
    }

    /// <summary>The kinds of a binary operation's operands (A below B when both come from the stack).</summary>
    private (Kind a, Kind b) OperandKinds(MicroOp m, IReadOnlyList<Kind> st)
    {
        int top = st.Count;
        Kind kb = m.B.Kind == OperandKind.Stack ? st[--top] : KindOfOperand(m.B, st);
        Kind ka = m.A.Kind == OperandKind.Stack ? st[--top] : KindOfOperand(m.A, st);
        return (ka, kb);
    }

    private Kind KindOfOperand(Operand o, IReadOnlyList<Kind> st) => o.Kind switch
    {
        Lowering.OperandKind.Local => st[(int)o.Value],
        Lowering.OperandKind.Imm => Kind.I,
        Lowering.OperandKind.Const => ConstKind(o),
        _ => Kind.V,
    };

    private static void PopOperands(MicroOp m, List<Kind> st)
    {
        PopIf(m.B, st);
        PopIf(m.A, st);
    }

    /// <summary>Whether a V operand of this operation is checked and unboxed to an int (the profile saw ints).</summary>
    private bool Unboxes(MicroOp m, Kind k) => _speculate && m.Quick && k == Kind.V;

    private static bool Numeric(Kind k) => k is Kind.I or Kind.F;

    /// <summary>The result kind of a binary operation (the one rule both passes use).</summary>
    private Kind BinaryResult(MicroOp m, Kind ka, Kind kb)
    {
        if (Unboxes(m, ka)) ka = Kind.I;
        if (Unboxes(m, kb)) kb = Kind.I;
        switch (m.Op)
        {
            case BcOp.Add:
            case BcOp.Sub:
            case BcOp.Mul:
                if (ka == Kind.I && kb == Kind.I) return _speculate ? Kind.I : Kind.V;
                if (Numeric(ka) && Numeric(kb)) return Kind.F;
                return Kind.V;
            case BcOp.Div:
                return Numeric(ka) && Numeric(kb) ? Kind.F : Kind.V;
            case BcOp.Mod:
                if (ka == Kind.I && kb == Kind.I) return Kind.I;
                return Numeric(ka) && Numeric(kb) ? Kind.F : Kind.V;
            default:
                return Kind.B;
        }
    }

    // ---- pass 2: emission ---------------------------------------------------------------

    private Il _il = null!;
    private readonly Dictionary<int, LocalBuilder> _slots = []; // keyed by pos * 8 + kind
    private readonly Dictionary<int, Label> _labels = [];
    private readonly Dictionary<int, Label> _stubAt = [];
    private LocalBuilder _fp = null!;
    private LocalBuilder _argRef = null!;
    private LocalBuilder _tmpLong = null!;
    private LocalBuilder _tmpValue = null!;
    private LocalBuilder _tmpValue2 = null!;
    private DynamicMethod _method = null!;
    private bool _pcSet;
    private LoweredInstruction _ins = null!;

    /// <summary>
    /// The compiled method's parameters: the <see cref="CompiledCode"/> ones after the unit,
    /// then up to <see cref="TypedArity"/> int arguments for the typed entry (entry pc -1),
    /// which compiled callers use when the callee was compiled for int arguments and theirs
    /// are ints: no value boxed, written to the stack or checked.
    /// </summary>
    private static readonly Type[] s_params = [typeof(JitUnit), typeof(Interpreter), typeof(Closure), typeof(Value).MakeByRefType(), typeof(int), typeof(long), typeof(long), typeof(long)];

    private static readonly Type[] s_shimParams = [typeof(JitUnit), typeof(Interpreter), typeof(Closure), typeof(Value).MakeByRefType(), typeof(int)];

    /// <summary>Most int arguments the typed entry takes.</summary>
    public const int TypedArity = 3;

    /// <summary>The entry pc that selects the typed entry.</summary>
    public const int TypedEntryPc = -1;

    /// <summary>Whether this function has the typed entry: 1 to <see cref="TypedArity"/> arguments, all compiled as ints.</summary>
    public bool HasTypedEntry => _argKinds.Length is > 0 and <= TypedArity && _argKinds.All(k => k == Kind.I) && !_argKinds.Select((_, i) => i).Any(i => _pinned.Length > i && _pinned[i]);

    /// <summary>
    /// The method behind the <see cref="CompiledCode"/> delegate: calls the compiled method with
    /// no typed arguments (interpreter and host calls, loop entries).
    /// </summary>
    public DynamicMethod Shim(DynamicMethod method)
    {
        var shim = new DynamicMethod("sentra-entry:" + _proto.Name, typeof(Value), s_shimParams, typeof(MethodCompiler).Module, skipVisibility: true);
        var il = shim.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Ldarg_S, (byte)4);
        for (int i = 0; i < TypedArity; i++) il.Emit(OpCodes.Ldc_I8, 0L);
        il.Emit(OpCodes.Call, method);
        il.Emit(OpCodes.Ret);
        return shim;
    }

    /// <summary>
    /// The largest method emitted. The .NET JIT compiles a bigger one without optimizing it
    /// (its MinOpts threshold is 60,000 bytes of IL) and its compile time grows faster than
    /// the method (seconds for a 10,000-term expression), so such a function stays interpreted.
    /// </summary>
    internal const int MaxIlBytes = 60_000;

    /// <summary>Bytes of IL of the compiled method, and of them those before the exits and deopt stubs (set by <see cref="Compile"/>).</summary>
    public int IlBytes { get; private set; }
    public int BodyIlBytes { get; private set; }

    /// <summary>Compiles the function; throws <see cref="NotCompilableException"/> when it cannot.</summary>
    public DynamicMethod Compile(bool dump, out string listing)
    {
        Decode();
        if (_instrs.Count > MaxIlBytes / 8)
            throw new NotCompilableException($"too large to compile ({_instrs.Count:N0} instructions)");
        _hasHandlers = _proto.Handlers.Length > 0;
        if (_hasHandlers) AnalyzeWithHandlers();
        else Analyze();
        _method = new DynamicMethod("sentra:" + _proto.Name, typeof(Value), s_params, typeof(MethodCompiler).Module, skipVisibility: true);
        _il = new Il(_method.GetILGenerator(), dump);
        _fp = _il.DeclareLocal(typeof(int), "fp");
        _argRef = _il.DeclareLocal(typeof(Value).MakeByRefType(), "args");
        _tmpLong = _il.DeclareLocal(typeof(long), "tmpLong");
        _tmpValue = _il.DeclareLocal(typeof(Value), "tmp");
        _tmpValue2 = _il.DeclareLocal(typeof(Value), "tmp2");
        foreach (var pc in _states.Keys) _labels[pc] = _il.DefineLabel();
        foreach (var ins in _inOrder)
            foreach (var m in ins.Ops)
                if (m.Kind is MicroKind.Jump or MicroKind.Branch or MicroKind.BranchOrPop or MicroKind.IterNext
                    || (m.Kind == MicroKind.Binary && m.Dest is DestKind.BranchIfFalse or DestKind.BranchIfTrue))
                    _jumpTargets.Add(m.Target);
        foreach (var h in _proto.Handlers) _jumpTargets.Add(h.Target);
        _jumpTargets.UnionWith(_loopHeaders);

        // fp = interp.JitEnter(closure): the frame record, the depth limit, the call's step
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Call, s_jitEnter);
        _il.Emit(OpCodes.Stloc, _fp);
        // a top-level body runs once: outside its loops its helpers are not worth inlining
        var once = _proto.IsTopLevel ? OutsideLoops() : null;
        _il.Cold = once is null ? null : ColdCalls.Twins;
        if (_hasHandlers) BeginProtected();
        EmitPrologue();
        foreach (var ins in _inOrder)
        {
            int pc = ins.Pc;
            if (!_states.TryGetValue(pc, out var state)) continue; // unreachable
            _il.Cold = once is not null && once.Contains(pc) ? ColdCalls.Twins : null;
            _il.Mark(_labels[pc]);
            if (_il.Listing) _il.Comment($"{pc:D4} {ins.Op}");
            _ins = ins;
            _pcSet = false;
            EmitInstruction(ins, new List<Kind>(state));
        }
        BodyIlBytes = _il.Generator.ILOffset;
        _il.Cold = ColdCalls.Twins; // exits run rarely
        EmitExits();
        IlBytes = _il.Generator.ILOffset;
        if (_il.Generator.ILOffset > MaxIlBytes)
            throw new NotCompilableException($"too large to compile ({_il.Generator.ILOffset:N0} bytes of IL, at most {MaxIlBytes:N0})");
        _unit.Objects = [.. _objects];
        _unit.Sites = [.. _sites];
        listing = _il.Text;
        return _method;
    }

    /// <summary>The pcs outside every loop (a loop: the instructions from a backward jump's target to the jump).</summary>
    private HashSet<int> OutsideLoops()
    {
        var ranges = new List<(int From, int To)>();
        foreach (var ins in _inOrder)
            foreach (var m in ins.Ops)
                if (m.Kind is MicroKind.Jump or MicroKind.Branch && m.Target <= ins.Pc) ranges.Add((m.Target, ins.Pc));
        var outside = new HashSet<int>();
        foreach (var ins in _inOrder)
            if (!ranges.Exists(r => ins.Pc >= r.From && ins.Pc <= r.To)) outside.Add(ins.Pc);
        return outside;
    }

    private LocalBuilder Slot(int pos, Kind k)
    {
        int key = pos * 8 + (int)k;
        if (!_slots.TryGetValue(key, out var l))
        {
            var t = k switch { Kind.B => typeof(bool), Kind.I => typeof(long), Kind.F => typeof(double), _ => typeof(Value) };
            string name = (pos < _nLocals ? "L" + pos : "S" + (pos - _nLocals)) + "_" + k;
            _slots[key] = l = _il.DeclareLocal(t, name);
        }
        return l;
    }

    private static MethodInfo M([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type t, string name, params Type[] args) =>
        (args.Length == 0 ? t.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            : t.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance, args))
        ?? throw new MissingMethodException(t.Name, name);

    private static MethodInfo Getter([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.NonPublicProperties)] Type t, string prop) =>
        t.GetProperty(prop, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)?.GetMethod
        ?? throw new MissingMethodException(t.Name, prop);

    private static FieldInfo Fld([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields)] Type t, string name) =>
        t.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
        ?? throw new MissingFieldException(t.Name, name);

    private static readonly MethodInfo s_fromInt = M(typeof(Value), nameof(Value.FromInt));
    private static readonly MethodInfo s_fromFloat = M(typeof(Value), nameof(Value.FromFloat));
    private static readonly MethodInfo s_fromBool = M(typeof(Value), nameof(Value.FromBool));
    private static readonly MethodInfo s_isInt = Getter(typeof(Value), nameof(Value.IsInt));
    private static readonly MethodInfo s_isFloat = Getter(typeof(Value), nameof(Value.IsFloat));
    private static readonly MethodInfo s_isBool = Getter(typeof(Value), nameof(Value.IsBool));
    private static readonly MethodInfo s_isUndefined = Getter(typeof(Value), nameof(Value.IsUndefined));
    private static readonly MethodInfo s_asInt = Getter(typeof(Value), nameof(Value.AsIntUnchecked));
    private static readonly MethodInfo s_asFloat = Getter(typeof(Value), nameof(Value.AsFloatUnchecked));
    private static readonly MethodInfo s_asBool = Getter(typeof(Value), nameof(Value.AsBoolUnchecked));
    private static readonly MethodInfo s_asString = Getter(typeof(Value), nameof(Value.AsPlainString)); // constants: always plain strings

    /// <summary>The packed storages an element is read from inline, in the order tested: the storage's type, its load and the value it makes.</summary>
    private static readonly (Type Storage, System.Reflection.Emit.OpCode Load, MethodInfo Box)[] s_packedLoads =
    [
        (typeof(long[]), OpCodes.Ldelem_I8, s_fromInt),
        (typeof(bool[]), OpCodes.Ldelem_U1, s_fromBool),
        (typeof(double[]), OpCodes.Ldelem_R8, s_fromFloat),
    ];

    /// <summary>The packed storages a value of unknown kind may be stored into: its kind test, the storage's type, its payload and the store.</summary>
    private static readonly (MethodInfo IsKind, Type Storage, MethodInfo Payload, System.Reflection.Emit.OpCode Store)[] s_packedStores =
    [
        (s_isInt, typeof(long[]), s_asInt, OpCodes.Stelem_I8),
        (s_isFloat, typeof(double[]), s_asFloat, OpCodes.Stelem_R8),
        (s_isBool, typeof(bool[]), s_asBool, OpCodes.Stelem_I1),
    ];
    private static readonly MethodInfo s_rawObj = Getter(typeof(Value), "RawObj");
    private static readonly FieldInfo s_nil = Fld(typeof(Value), nameof(Value.Nil));
    private static readonly FieldInfo s_valueObj = Fld(typeof(Value), "_obj");
    private static readonly FieldInfo s_valueBits = Fld(typeof(Value), "_bits");
    private static readonly FieldInfo s_intTag = Fld(typeof(Value), "IntTag");
    private static readonly FieldInfo s_floatTag = Fld(typeof(Value), "FloatTag");
    private static readonly FieldInfo s_undefinedTag = Fld(typeof(Value), "UndefinedTag");

    /// <summary>
    /// With a Value on the IL stack, pushes what <paramref name="m"/> (one of s_isInt ...
    /// s_rawBits, Value's members of those names) gives for it, read from the value's two
    /// fields with no call. No inlinee, so no temporary copy of the struct: a method of many
    /// such tests keeps few locals, and the .NET JIT keeps its value locals in registers.
    /// </summary>
    private void OnValue(MethodInfo m)
    {
        if (m == s_isInt || m == s_isFloat || m == s_isBool || m == s_isUndefined)
        {
            _il.Emit(OpCodes.Ldfld, s_valueObj);
            _il.Emit(OpCodes.Ldsfld, m == s_isInt ? s_intTag : m == s_isFloat ? s_floatTag : m == s_isBool ? s_boolTag : s_undefinedTag);
            _il.Emit(OpCodes.Ceq);
        }
        else if (m == s_rawObj) _il.Emit(OpCodes.Ldfld, s_valueObj);
        else
        {
            _il.Emit(OpCodes.Ldfld, s_valueBits);
            if (m == s_asFloat) _il.Emit(OpCodes.Call, s_bitsToDouble);
            else if (m == s_asBool)
            {
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Cgt_Un);
            }
            else if (m != s_asInt && m != s_rawBits) throw new ArgumentException(m.Name);
        }
    }
    private static readonly MethodInfo s_bitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!;
    private static readonly MethodInfo s_at = M(typeof(JitOps), nameof(JitOps.At));
    private static readonly MethodInfo s_jitArgs = M(typeof(Interpreter), nameof(Interpreter.JitArgs));
    private static readonly MethodInfo s_jitArgSpan = M(typeof(Interpreter), nameof(Interpreter.JitArgSpan));
    private static readonly MethodInfo s_jitPopArgs = M(typeof(Interpreter), nameof(Interpreter.JitPopArgs));
    private static readonly MethodInfo s_jitCall = M(typeof(Interpreter), nameof(Interpreter.JitCall));
    private static readonly MethodInfo s_jitSetPc = M(typeof(Interpreter), nameof(Interpreter.JitSetPc));
    private static readonly MethodInfo s_jitEnter = M(typeof(Interpreter), nameof(Interpreter.JitEnter));
    private static readonly MethodInfo s_jitLeave = M(typeof(Interpreter), nameof(Interpreter.JitLeave));
    private static readonly MethodInfo s_jitBackEdge = M(typeof(Interpreter), nameof(Interpreter.JitBackEdge));
    private static readonly FieldInfo s_unitObjects = Fld(typeof(JitUnit), nameof(JitUnit.Objects));
    private static readonly FieldInfo s_unitConstants = Fld(typeof(JitUnit), nameof(JitUnit.Constants));
    private static readonly FieldInfo s_unitProto = Fld(typeof(JitUnit), nameof(JitUnit.Proto));
    private static readonly FieldInfo s_closureGlobals = Fld(typeof(Closure), nameof(Closure.Globals));
    private static readonly FieldInfo s_closureUpvalues = Fld(typeof(Closure), nameof(Closure.Upvalues));
    private static readonly FieldInfo s_closureProto = Fld(typeof(Closure), nameof(Closure.Proto));
    private static readonly FieldInfo s_cellValue = Fld(typeof(Cell), nameof(Cell.Value));

    private void Ops(string name) => _il.Emit(OpCodes.Call, M(typeof(JitOps), name));

    /// <summary>Records the instruction's pc in the frame record (once per instruction, before the first thing that can raise).</summary>
    private void SetPc()
    {
        if (_pcSet) return;
        _pcSet = true;
        StorePc();
    }

    /// <summary>Stores the instruction's pc into the frame record (on a path of its own: does not count as <see cref="SetPc"/>).</summary>
    private void StorePc()
    {
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, _fp);
        _il.Int(_ins.Next);
        _il.Emit(OpCodes.Call, s_jitSetPc);
    }

    private void EmitPrologue()
    {
        var osr = _il.DefineLabel();
        _il.EntryPcArg();
        _il.Emit(OpCodes.Brtrue, osr);
        var entry = EntryState();
        var typed = _il.DefineLabel();

        // call entry: the arguments, checked against the kinds compiled for
        var fail = _il.DefineLabel();
        for (int i = 0; i < _argKinds.Length; i++) LoadFrameSlot(i, entry[i], fail);
        EmitEdge(entry, 0, stress: true);
        _il.Mark(fail);
        EmitDeoptFromFrame(0, _proto.Arity, 0, "argument kind");

        // on-stack replacement entries, at loop headers (and the typed entry: int arguments
        // in IL arguments, nothing to check)
        _il.Mark(osr);
        if (HasTypedEntry)
        {
            _il.EntryPcArg();
            _il.Int(TypedEntryPc);
            _il.Emit(OpCodes.Bne_Un, typed);
            for (int i = 0; i < _argKinds.Length; i++)
            {
                _il.TypedArg(5 + i);
                _il.Emit(OpCodes.Stloc, Slot(i, Kind.I));
            }
            EmitEdge(entry, 0, stress: true);
            _il.Mark(typed);
        }
        // a loop entry runs once per on-stack replacement: its frame reads need no inlining
        var cold = _il.Cold;
        _il.Cold = ColdCalls.Twins;
        foreach (int h in _loopHeaders)
        {
            if (h == 0) continue;
            var next = _il.DefineLabel();
            _il.EntryPcArg();
            _il.Int(h);
            _il.Emit(OpCodes.Bne_Un, next);
            var st = _states[h];
            var bad = _il.DefineLabel();
            for (int pos = 0; pos < st.Length; pos++) LoadFrameSlot(pos, st[pos], bad);
            EmitStress(h, st);
            _il.Emit(OpCodes.Br, _labels[h]);
            _il.Mark(bad);
            EmitDeoptFromFrame(h, _nLocals, st.Length - _nLocals, "loop entry kind");
            _il.Mark(next);
        }
        _il.Cold = cold;
        // any other pc: the interpreter runs the call from there
        int site = AddSite("entry elsewhere");
        _il.Emit(OpCodes.Br, Exit(() =>
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldloc, _fp);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldarg_3);
            _il.EntryPcArg();
            _il.Int(site);
            _il.Int(_nLocals);
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Call, M(typeof(JitRuntime), nameof(JitRuntime.DeoptFromFrame)));
            _il.Emit(OpCodes.Ret);
        }));
    }

    // ---- exits and the protected region ---------------------------------------------------
    //
    // An exit is code that leaves the function for good (a deopt that finishes the call in the
    // interpreter). In a function with handlers the body is one IL try block whose catch
    // routes errors to the Sentra handlers; exits are emitted after it (reached with `leave`),
    // so an error raised while the interpreter finishes a deoptimized call is not caught again.

    private bool _hasHandlers;
    private readonly List<(Label inside, Label outside, Action emit)> _exits = [];
    private LocalBuilder _resume = null!;
    private LocalBuilder _raised = null!;
    private LocalBuilder _result = null!;
    private Label _dispatch;
    private Label _return;

    /// <summary>A label that leaves the function through <paramref name="emit"/> (emitted once, at the end).</summary>
    private Label Exit(Action emit)
    {
        var inside = _il.DefineLabel();
        var outside = _hasHandlers ? _il.DefineLabel() : inside;
        _exits.Add((inside, outside, emit));
        return inside;
    }

    /// <summary>
    /// Opens the IL try block. Its catch (EmitExits) finds the Sentra handler for the pc the
    /// record holds and re-enters the block with the handler's index: the dispatch at the
    /// top stores the raised value as the handler's operand and jumps to its code.
    /// </summary>
    private void BeginProtected()
    {
        _resume = _il.DeclareLocal(typeof(int), "handler");
        _raised = _il.DeclareLocal(typeof(Value), "raised");
        _result = _il.DeclareLocal(typeof(Value), "result");
        _dispatch = _il.DefineLabel();
        _return = _il.DefineLabel();
        _il.Emit(OpCodes.Ldc_I4_M1);
        _il.Emit(OpCodes.Stloc, _resume);
        _il.Mark(_dispatch);
        _il.Generator.BeginExceptionBlock();
        _il.Comment(".try");
        var normal = _il.DefineLabel();
        var handlers = _proto.Handlers;
        var entries = new Label[handlers.Length];
        for (int i = 0; i < entries.Length; i++) entries[i] = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _resume);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Blt, normal);
        _il.Emit(OpCodes.Ldloc, _resume);
        _il.Emit(OpCodes.Switch, entries);
        _il.Emit(OpCodes.Br, normal);
        for (int i = 0; i < entries.Length; i++)
        {
            _il.Mark(entries[i]);
            if (!_states.ContainsKey(handlers[i].Target))
            {
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Throw);
                continue;
            }
            _il.Emit(OpCodes.Ldloc, _raised);
            _il.Emit(OpCodes.Stloc, Slot(_nLocals, Kind.V));
            _il.Emit(OpCodes.Br, _labels[handlers[i].Target]);
        }
        _il.Mark(normal);
    }

    /// <summary>Returns the value on the IL stack (through the protected region's exit when there is one).</summary>
    private void EmitReturn()
    {
        if (_hasHandlers)
        {
            _il.Emit(OpCodes.Stloc, _result);
            _il.Emit(OpCodes.Leave, _return);
            return;
        }
        _il.Emit(OpCodes.Stloc, _tmpValue);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, _fp);
        _il.Emit(OpCodes.Call, s_jitLeave);
        _il.Emit(OpCodes.Ldloc, _tmpValue);
        _il.Emit(OpCodes.Ret);
    }

    private void EmitExits()
    {
        if (!_hasHandlers)
        {
            foreach (var (inside, _, emit) in _exits)
            {
                _il.Mark(inside);
                emit();
            }
            EmitDeoptExits();
            return;
        }
        foreach (var (inside, outside, _) in _exits)
        {
            _il.Mark(inside);
            _il.Emit(OpCodes.Leave, outside);
        }
        if (_routeReturned is { } route)
        {
            // an error a call returned (EmitBuiltinErrorCheck), in builtinResult
            _il.Mark(route);
            EmitCatchCall(() => _il.Emit(OpCodes.Ldloc, _builtinResult!), nameof(Interpreter.JitCatchReturned));
            _il.Emit(OpCodes.Leave, _dispatch);
        }
        _il.Generator.BeginCatchBlock(typeof(Exception));
        _il.Comment(".catch Exception");
        var ex = _il.DeclareLocal(typeof(Exception), "error");
        var rethrow = _il.DefineLabel();
        _il.Emit(OpCodes.Stloc, ex);
        EmitCatchCall(() => _il.Emit(OpCodes.Ldloc, ex), nameof(Interpreter.JitCatch));
        _il.Emit(OpCodes.Ldloc, _resume);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Blt, rethrow);
        _il.Emit(OpCodes.Leave, _dispatch);
        _il.Mark(rethrow);
        _il.Emit(OpCodes.Rethrow);
        _il.Generator.EndExceptionBlock();
        _il.Comment(".end try");
        foreach (var (_, outside, emit) in _exits)
        {
            _il.Mark(outside);
            emit();
        }
        EmitDeoptExits();
        _il.Mark(_return);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, _fp);
        _il.Emit(OpCodes.Call, s_jitLeave);
        _il.Emit(OpCodes.Ldloc, _result);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// The deopt exits (after the exits, outside any protected region), one per slot layout,
    /// reached from each guard with the site's number in a local. An exit stores the layout's
    /// slot locals, unboxed, at their slot's index in an array of their kind (ints and bools,
    /// floats, values) and lets <see cref="JitRuntime.DeoptAt"/> box them into the
    /// interpreter's frame layout as the site's table entry says. Storing raw values keeps the
    /// exits small: boxing in IL made a temporary value per slot for the .NET JIT to compile,
    /// in code that almost never runs. Each exit reads only its layout's locals, so no other
    /// local is kept alive up to a guard.
    /// </summary>
    private void EmitDeoptExits()
    {
        if (_deoptExits.Count == 0) return;
        var table = new JitUnit.DeoptPoint?[_sites.Count];
        foreach (var (site, pc, state) in _deoptPoints)
        {
            var where = new int[state.Length];
            for (int pos = 0; pos < state.Length; pos++) where[pos] = state[pos] == Kind.N ? -1 : pos * 8 + (int)state[pos];
            table[site] = new JitUnit.DeoptPoint(pc, where);
        }
        _unit.DeoptPoints = table;
        var raw = _il.DeclareLocal(typeof(long[]), "deoptRaw");
        var floats = _il.DeclareLocal(typeof(double[]), "deoptFloats");
        var values = _il.DeclareLocal(typeof(Value[]), "deoptValues");
        foreach (var (label, state) in _deoptExits)
        {
            _il.Mark(label);
            if (_il.Listing) _il.Comment("deopt exit");
            bool hasRaw = state.Any(k => k is Kind.I or Kind.B), hasFloat = state.Contains(Kind.F), hasValue = state.Contains(Kind.V);
            NewArray(hasRaw, raw, typeof(long), state.Length);
            NewArray(hasFloat, floats, typeof(double), state.Length);
            NewArray(hasValue, values, typeof(Value), state.Length);
            for (int pos = 0; pos < state.Length; pos++)
            {
                var k = state[pos];
                if (k == Kind.N) continue;
                _il.Emit(OpCodes.Ldloc, k switch { Kind.I or Kind.B => raw, Kind.F => floats, _ => values });
                _il.Int(pos);
                _il.Emit(OpCodes.Ldloc, Slot(pos, k));
                switch (k)
                {
                    case Kind.I: _il.Emit(OpCodes.Stelem_I8); break;
                    case Kind.B: _il.Emit(OpCodes.Conv_U8); _il.Emit(OpCodes.Stelem_I8); break;
                    case Kind.F: _il.Emit(OpCodes.Stelem_R8); break;
                    default: _il.Emit(OpCodes.Stelem, typeof(Value)); break;
                }
            }
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldloc, _fp);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldloc, _deoptSite!);
            LoadOrNull(hasRaw, raw);
            LoadOrNull(hasFloat, floats);
            LoadOrNull(hasValue, values);
            _il.Emit(OpCodes.Call, s_deoptAt);
            _il.Emit(OpCodes.Ret);
        }

        void NewArray(bool needed, LocalBuilder local, Type t, int n)
        {
            if (!needed) return;
            _il.Int(n);
            _il.Emit(OpCodes.Newarr, t);
            _il.Emit(OpCodes.Stloc, local);
        }

        void LoadOrNull(bool needed, LocalBuilder local)
        {
            if (needed) _il.Emit(OpCodes.Ldloc, local);
            else _il.Emit(OpCodes.Ldnull);
        }
    }
    private static readonly MethodInfo s_deoptAt = M(typeof(JitRuntime), nameof(JitRuntime.DeoptAt));

    /// <summary>Reads frame[pos] into its IL local of kind k, branching to fail when the value is of another kind.</summary>
    private void LoadFrameSlot(int pos, Kind k, Label fail)
    {
        if (k == Kind.N) return;
        _il.Emit(OpCodes.Ldarg_3);
        _il.Int(pos);
        _il.Emit(OpCodes.Call, s_at);
        _il.Emit(OpCodes.Ldobj, typeof(Value));
        if (k == Kind.V)
        {
            _il.Emit(OpCodes.Stloc, Slot(pos, Kind.V));
            return;
        }
        _il.Emit(OpCodes.Stloc, _tmpValue);
        _il.Emit(OpCodes.Ldloc, _tmpValue);
        OnValue(k == Kind.I ? s_isInt : k == Kind.F ? s_isFloat : s_isBool);
        _il.Emit(OpCodes.Brfalse, fail);
        _il.Emit(OpCodes.Ldloc, _tmpValue);
        OnValue(k == Kind.I ? s_asInt : k == Kind.F ? s_asFloat : s_asBool);
        _il.Emit(OpCodes.Stloc, Slot(pos, k));
    }

    private void EmitDeoptFromFrame(int pc, int copied, int depth, string why)
    {
        int site = AddSite(why);
        _il.Emit(OpCodes.Br, Exit(() =>
        {
            if (_il.Listing) _il.Comment($"deopt to {pc:D4} from the frame");
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldloc, _fp);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldarg_3);
            _il.Int(pc);
            _il.Int(site);
            _il.Int(copied);
            _il.Int(depth);
            _il.Emit(OpCodes.Call, M(typeof(JitRuntime), nameof(JitRuntime.DeoptFromFrame)));
            _il.Emit(OpCodes.Ret);
        }));
    }

    private int AddSite(string why)
    {
        _sites.Add(why);
        return _sites.Count - 1;
    }

    /// <summary>Converts the slots whose kinds differ between <paramref name="from"/> and the target's state, then jumps (a back edge polls the limits first).</summary>
    private void EmitEdge(IReadOnlyList<Kind> from, int target, bool stress = false)
    {
        var to = _states[target];
        for (int pos = 0; pos < to.Length; pos++)
        {
            if (from[pos] == to[pos]) continue;
            LoadPos(pos, from[pos], Kind.V);
            _il.Emit(OpCodes.Stloc, Slot(pos, Kind.V));
        }
        bool backEdge = _ins is not null && target <= _ins.Pc;
        if (backEdge)
        {
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Call, s_jitBackEdge);
        }
        if (backEdge || stress) EmitStress(target, to);
        _il.Emit(OpCodes.Br, _labels[target]);
    }

    /// <summary>The deopt-stress tier's check: now and then leave for the interpreter at pc.</summary>
    private void EmitStress(int pc, Kind[] state)
    {
        if (!_stress) return;
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Call, M(typeof(JitRuntime), nameof(JitRuntime.StressFail)));
        _il.Emit(OpCodes.Brtrue, Stub(pc, state, "stress"));
    }

    /// <summary>
    /// The deopt exit that resumes the interpreter at pc with the given slot kinds: the guard
    /// site's number goes to the exit shared by the sites of its slot layout
    /// (<see cref="EmitDeoptExits"/>), and the site's entry in the unit's table gives the pc.
    /// </summary>
    private Label Stub(int pc, Kind[] state, string why)
    {
        var snapshot = (Kind[])state.Clone();
        int site = AddSite(why);
        _deoptPoints.Add((site, pc, snapshot));
        string key = string.Concat(snapshot.Select(k => (char)('0' + (int)k)));
        if (!_deoptLayouts.TryGetValue(key, out var shared))
        {
            _deoptLayouts[key] = shared = _il.DefineLabel();
            _deoptExits.Add((shared, snapshot));
        }
        var siteLocal = _deoptSite ??= _il.DeclareLocal(typeof(int), "deoptSite");
        return Exit(() =>
        {
            _il.Int(site);
            _il.Emit(OpCodes.Stloc, siteLocal);
            _il.Emit(OpCodes.Br, shared);
        });
    }
    private readonly List<(int Site, int Pc, Kind[] State)> _deoptPoints = [];
    private readonly Dictionary<string, Label> _deoptLayouts = [];
    private readonly List<(Label Label, Kind[] State)> _deoptExits = [];
    private LocalBuilder? _deoptSite;

    /// <summary>The deopt stub for a guard of the current instruction (resume at its start).</summary>
    private Label GuardStub(string why)
    {
        if (!_stubAt.TryGetValue(_ins.Pc, out var l)) _stubAt[_ins.Pc] = l = Stub(_ins.Pc, _states[_ins.Pc], why);
        return l;
    }

    private LocalBuilder? _divA;
    private LocalBuilder? _divB;
    private LocalBuilder? _iterElement;
    private LocalBuilder? _callee;
    private readonly Dictionary<int, LocalBuilder> _globalLocals = [];
    private readonly Dictionary<int, LocalBuilder> _testedGlobals = [];
    private LocalBuilder? _noFrame;

    /// <summary>Pushes slot pos (of kind have) on the IL stack as kind want (I to F, anything to V).</summary>
    private void LoadPos(int pos, Kind have, Kind want)
    {
        if (have == Kind.N)
        {
            if (want != Kind.V) throw new NotCompilableException("nil used as a number");
            _il.Emit(OpCodes.Ldsfld, s_nil);
            return;
        }
        _il.Emit(OpCodes.Ldloc, Slot(pos, have));
        Convert(have, want);
    }

    private void Convert(Kind have, Kind want)
    {
        if (have == want) return;
        switch (have, want)
        {
            case (Kind.I, Kind.F): _il.Emit(OpCodes.Conv_R8); return;
            case (Kind.I, Kind.V): _il.Emit(OpCodes.Call, s_fromInt); return;
            case (Kind.F, Kind.V): _il.Emit(OpCodes.Call, s_fromFloat); return;
            case (Kind.B, Kind.V): _il.Emit(OpCodes.Call, s_fromBool); return;
            case (Kind.N, Kind.V): _il.Emit(OpCodes.Ldsfld, s_nil); return;
            default: throw new NotCompilableException($"no conversion from {have} to {want}");
        }
    }

    /// <summary>Stores the IL stack top (of kind k) into slot pos's local.</summary>
    private void StorePos(int pos, Kind k)
    {
        if (k == Kind.N) return;
        _il.Emit(OpCodes.Stloc, Slot(pos, k));
    }

    /// <summary>Pushes a constant operand (Imm or Const) as kind want.</summary>
    private void LoadConst(Operand o, Kind want)
    {
        if (o.Kind == OperandKind.Imm)
        {
            if (want == Kind.F) _il.Emit(OpCodes.Ldc_R8, (double)o.Value);
            else
            {
                _il.Emit(OpCodes.Ldc_I8, o.Value);
                Convert(Kind.I, want);
            }
            return;
        }
        var v = _proto.Constants[(int)o.Value];
        var k = ConstKind(o);
        switch (k)
        {
            case Kind.I: _il.Emit(OpCodes.Ldc_I8, v.AsIntUnchecked); Convert(Kind.I, want); return;
            case Kind.F: _il.Emit(OpCodes.Ldc_R8, v.AsFloatUnchecked); Convert(Kind.F, want); return;
            case Kind.B: _il.Int(v.AsBoolUnchecked ? 1 : 0); Convert(Kind.B, want); return;
            case Kind.N: _il.Emit(OpCodes.Ldsfld, s_nil); return;
            default:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldfld, s_unitConstants);
                _il.Int((int)o.Value);
                _il.Emit(OpCodes.Ldelem, typeof(Value));
                return;
        }
    }

    /// <summary>An operand resolved to where its value lives: a slot position (pos &gt;= 0) of a kind, or a constant.</summary>
    private readonly record struct Src(int Pos, Kind Kind, Operand Const, bool IsGlobal);

    /// <summary>Resolves the operands of an operation that reads A, B (and C), popping stack operands off the state.</summary>
    private Src Resolve(Operand o, List<Kind> st, ref int top)
    {
        switch (o.Kind)
        {
            case OperandKind.Stack:
                top--;
                return new Src(top, st[top], default, false);
            case OperandKind.Local:
                return new Src((int)o.Value, st[(int)o.Value], default, false);
            case OperandKind.Global:
                return new Src(-1, Kind.V, o, true);
            default:
                return new Src(-1, ConstKind(o), o, false);
        }
    }

    private void Load(Src s, Kind want)
    {
        if (s.IsGlobal)
        {
            // G[g], with the undefined-variable error on a cold path (the record's pc stored there)
            int g = (int)s.Const.Value;
            var ok = _il.DefineLabel();
            if (!_globalLocals.TryGetValue(g, out var global)) _globalLocals[g] = global = _il.DeclareLocal(typeof(Value), "G" + g);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldfld, s_closureGlobals);
            _il.Int(g);
            _il.Emit(OpCodes.Ldelem, typeof(Value));
            _il.Emit(OpCodes.Stloc, global);
            _il.Emit(OpCodes.Ldloc, global);
            OnValue(s_isUndefined);
            _il.Emit(OpCodes.Brfalse, ok);
            StorePc();
            _il.Emit(OpCodes.Ldarg_2);
            _il.Int(g);
            Ops(nameof(JitOps.CheckGlobal));
            _il.Mark(ok);
            _il.Emit(OpCodes.Ldloc, global);
            Convert(Kind.V, want);
        }
        else if (s.Pos >= 0) LoadPos(s.Pos, s.Kind, want);
        else LoadConst(s.Const, want);
    }

    /// <summary>Loads a V source as an int after checking it is one (a guard).</summary>
    private void LoadUnboxed(Src s)
    {
        _il.Emit(OpCodes.Ldloc, Slot(s.Pos, Kind.V));
        OnValue(s_asInt);
    }

    private void GuardInt(Src s)
    {
        _il.Emit(OpCodes.Ldloc, Slot(s.Pos, Kind.V));
        OnValue(s_isInt);
        _il.Emit(OpCodes.Brfalse, GuardStub("int operand"));
    }

    private void EmitInstruction(LoweredInstruction ins, List<Kind> st)
    {
        bool falls = true;
        if (_jumpTargets.Contains(ins.Pc)) { _heldEntry = null; _knownMaps.Clear(); }
        foreach (var m in ins.Ops)
        {
            if (!KeepsHeldEntry(m)) _heldEntry = null;
            ForgetWrittenLocals(m);
            if (!EmitMicro(m, st)) { falls = false; break; }
        }
        if (!falls) { _heldEntry = null; _knownMaps.Clear(); }
        if (falls) EmitEdge(st, ins.Next);
    }

    /// <summary>Emits one micro operation; returns false when control does not fall through.</summary>
    private bool EmitMicro(MicroOp m, List<Kind> st)
    {
        switch (m.Kind)
        {
            case MicroKind.Push:
                {
                    var k = ConstKind(m.A);
                    if (k != Kind.N) { LoadConst(m.A, k); StorePos(st.Count, k); }
                    st.Add(k);
                    return true;
                }
            case MicroKind.PushLiteral:
                if (m.Flag == 0) st.Add(Kind.N);
                else
                {
                    _il.Int(m.Flag - 1);
                    StorePos(st.Count, Kind.B);
                    st.Add(Kind.B);
                }
                return true;
            case MicroKind.Pop:
                st.RemoveRange(st.Count - m.N, m.N);
                return true;
            case MicroKind.Dup:
                {
                    var k = st[^1];
                    if (k != Kind.N) { LoadPos(st.Count - 1, k, k); StorePos(st.Count, k); }
                    st.Add(k);
                    return true;
                }
            case MicroKind.LoadLocal:
                {
                    var k = st[m.S];
                    if (k != Kind.N) { LoadPos(m.S, k, k); StorePos(st.Count, k); }
                    st.Add(k);
                    return true;
                }
            case MicroKind.StoreLocal:
                {
                    var k = st[^1];
                    var stored = Pin(m.S, k);
                    if (stored != Kind.N) { LoadPos(st.Count - 1, k, stored); StorePos(m.S, stored); }
                    st.RemoveAt(st.Count - 1);
                    st[m.S] = stored;
                    return true;
                }
            case MicroKind.LoadCell:
                RequireV(st, m.S);
                _il.Emit(OpCodes.Ldloc, Slot(m.S, Kind.V));
                Ops(nameof(JitOps.CellOf));
                _il.Emit(OpCodes.Ldfld, s_cellValue);
                PushV(st);
                return true;
            case MicroKind.StoreCell:
                RequireV(st, m.S);
                _il.Emit(OpCodes.Ldloc, Slot(m.S, Kind.V));
                Ops(nameof(JitOps.CellOf));
                LoadPos(st.Count - 1, st[^1], Kind.V);
                _il.Emit(OpCodes.Stfld, s_cellValue);
                st.RemoveAt(st.Count - 1);
                return true;
            case MicroKind.NewCell:
                Ops(nameof(JitOps.NewCell));
                _il.Emit(OpCodes.Stloc, Slot(m.S, Kind.V));
                st[m.S] = Kind.V;
                return true;
            case MicroKind.WrapCell:
                LoadPos(m.S, st[m.S], Kind.V);
                Ops(nameof(JitOps.WrapCell));
                _il.Emit(OpCodes.Stloc, Slot(m.S, Kind.V));
                st[m.S] = Kind.V;
                return true;
            case MicroKind.LoadUpval:
                LoadUpvalCell(m.S);
                _il.Emit(OpCodes.Ldfld, s_cellValue);
                PushV(st);
                return true;
            case MicroKind.StoreUpval:
                LoadUpvalCell(m.S);
                LoadPos(st.Count - 1, st[^1], Kind.V);
                _il.Emit(OpCodes.Stfld, s_cellValue);
                st.RemoveAt(st.Count - 1);
                return true;
            case MicroKind.LoadGlobal:
                Load(new Src(-1, Kind.V, Operand.Global(m.S), true), Kind.V);
                PushV(st);
                return true;
            case MicroKind.StoreGlobal:
                StoreGlobal(m.S, () => LoadPos(st.Count - 1, st[^1], Kind.V));
                st.RemoveAt(st.Count - 1);
                return true;
            case MicroKind.CheckGlobal:
                SetPc();
                _il.Emit(OpCodes.Ldarg_2);
                _il.Int(m.S);
                Ops(nameof(JitOps.CheckGlobal));
                return true;
            case MicroKind.Binary:
                return EmitBinary(m, st);
            case MicroKind.Neg:
                EmitNeg(st);
                return true;
            case MicroKind.Not:
                {
                    var k = st[^1];
                    EmitTruthy(st.Count - 1, k);
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Ceq);
                    st.RemoveAt(st.Count - 1);
                    StorePos(st.Count, Kind.B);
                    st.Add(Kind.B);
                    return true;
                }
            case MicroKind.Jump:
                EmitEdge(st, m.Target);
                return false;
            case MicroKind.Branch:
                {
                    var k = st[^1];
                    EmitTruthy(st.Count - 1, k);
                    st.RemoveAt(st.Count - 1);
                    EmitConditional(m.Flag == 1, st, m.Target);
                    return true;
                }
            case MicroKind.BranchOrPop:
                {
                    var k = st[^1];
                    EmitTruthy(st.Count - 1, k);
                    EmitConditional(m.Flag == 1, st, m.Target);
                    st.RemoveAt(st.Count - 1);
                    return true;
                }
            case MicroKind.NewArray:
            case MicroKind.NewMap:
            case MicroKind.ConcatN:
                {
                    int n = m.Kind == MicroKind.NewMap ? 2 * m.N : m.N;
                    SetPc();
                    WriteArgs(st, st.Count - n, n);
                    st.RemoveRange(st.Count - n, n);
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Int(m.N);
                    Ops(m.Kind == MicroKind.NewArray ? nameof(JitOps.NewArray) : m.Kind == MicroKind.NewMap ? nameof(JitOps.NewMap) : nameof(JitOps.ConcatN));
                    PushV(st);
                    return true;
                }
            case MicroKind.GetIndex:
                EmitGetIndex(m, st);
                return true;
            case MicroKind.SetIndex:
                EmitSetIndex(m, st);
                return true;
            case MicroKind.Call:
                EmitCall(m, st);
                return true;
            case MicroKind.CallMethod:
                SetPc();
                WriteArgs(st, st.Count - m.N - 1, m.N + 1);
                st.RemoveRange(st.Count - m.N - 1, m.N + 1);
                _il.Emit(OpCodes.Ldarg_1);
                LoadConstString(m.S);
                _il.Int(m.N);
                // the call site's method cache, shared with the interpreter (none without a slot)
                _il.Emit(OpCodes.Ldarg_2);
                _il.Int(_proto.InlineCache.Length > _ins.Pc ? _ins.Pc : -1);
                _il.Emit(OpCodes.Call, M(typeof(Interpreter), nameof(Interpreter.JitCallMethod)));
                EmitBuiltinErrorCheck();
                PushV(st);
                return true;
            case MicroKind.StrCall:
                SetPc();
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldarg_2);
                _il.Int(m.S);
                LoadPos(st.Count - 1, st[^1], Kind.V);
                st.RemoveAt(st.Count - 1);
                Ops(nameof(JitOps.StrCall));
                EmitBuiltinErrorCheck();
                PushV(st);
                return true;
            case MicroKind.Return:
                {
                    int top = st.Count;
                    var src = Resolve(m.A, st, ref top);
                    Load(src, Kind.V);
                    EmitReturn();
                    return false;
                }
            case MicroKind.Closure:
                {
                    _il.Emit(OpCodes.Ldarg_2);
                    _il.Int(m.S);
                    _il.Int(m.Captures.Length);
                    _il.Emit(OpCodes.Newarr, typeof(Cell));
                    for (int i = 0; i < m.Captures.Length; i++)
                    {
                        int d = m.Captures[i];
                        _il.Emit(OpCodes.Dup);
                        _il.Int(i);
                        if (d >= 0)
                        {
                            RequireV(st, d);
                            _il.Emit(OpCodes.Ldloc, Slot(d, Kind.V));
                            Ops(nameof(JitOps.CellOf));
                        }
                        else
                        {
                            _il.Emit(OpCodes.Ldarg_2);
                            _il.Emit(OpCodes.Ldfld, s_closureUpvalues);
                            _il.Int(~d);
                            _il.Emit(OpCodes.Ldelem_Ref);
                        }
                        _il.Emit(OpCodes.Stelem_Ref);
                    }
                    Ops(nameof(JitOps.NewClosure));
                    PushV(st);
                    return true;
                }
            case MicroKind.IterInit:
                SetPc();
                LoadPos(st.Count - 1, st[^1], Kind.V);
                st.RemoveAt(st.Count - 1);
                _il.Emit(OpCodes.Ldloca, Slot(m.S, Kind.V));
                _il.Emit(OpCodes.Ldloca, Slot(m.S + 1, Kind.V));
                Ops(nameof(JitOps.IterInit));
                st[m.S] = Kind.V;
                st[m.S + 1] = Kind.V;
                return true;
            case MicroKind.IterNext:
                {
                    RequireV(st, m.S);
                    RequireV(st, m.S + 1);
                    _il.Emit(OpCodes.Ldloca, Slot(m.S, Kind.V));
                    _il.Emit(OpCodes.Ldloca, Slot(m.S + 1, Kind.V));
                    var element = _iterElement ??= _il.DeclareLocal(typeof(Value), "element");
                    _il.Emit(OpCodes.Ldloca, element);
                    Ops(nameof(JitOps.IterNext));
                    EmitConditional(false, st, m.Target);
                    _il.Emit(OpCodes.Ldloc, element);
                    PushV(st);
                    return true;
                }
            case MicroKind.Throw:
                SetPc();
                if (_hasHandlers)
                {
                    // to the function's handler directly, as the protected region's catch
                    // would send it: a caught throw costs no .NET exception
                    EmitCatchCall(() => LoadPos(st.Count - 1, st[^1], Kind.V), nameof(Interpreter.JitThrowCaught));
                    _il.Emit(OpCodes.Leave, _dispatch);
                    return false;
                }
                LoadPos(st.Count - 1, st[^1], Kind.V);
                _il.Emit(OpCodes.Call, M(typeof(Interpreter), nameof(Interpreter.JitThrow)));
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Throw);
                return false;
            case MicroKind.Import:
                SetPc();
                _il.Emit(OpCodes.Ldarg_1);
                LoadConstString(m.S);
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldfld, s_unitProto);
                _il.Emit(OpCodes.Call, Getter(typeof(FunctionProto), nameof(FunctionProto.File)));
                _il.Emit(OpCodes.Call, M(typeof(Interpreter), nameof(Interpreter.JitImport)));
                PushV(st);
                return true;
            case MicroKind.ToStr:
                {
                    var k = st[^1];
                    if (k == Kind.I) return true;
                    SetPc();
                    LoadPos(st.Count - 1, k, Kind.V);
                    st.RemoveAt(st.Count - 1);
                    Ops(nameof(JitOps.ToStr));
                    PushV(st);
                    return true;
                }
            default:
                throw new NotCompilableException($"no translation of {m.Kind}");
        }
    }

    /// <summary>Pushes constant k, a string (a name or a module path), from the unit's constants.</summary>
    private void LoadConstString(int k)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_unitConstants);
        _il.Int(k);
        _il.Emit(OpCodes.Ldelema, typeof(Value));
        _il.Emit(OpCodes.Call, s_asString);
    }

    private static void RequireV(List<Kind> st, int pos)
    {
        if (st[pos] != Kind.V) throw new NotCompilableException($"slot {pos} expected to hold a cell or iteration state");
    }

    private void PushV(List<Kind> st)
    {
        _il.Emit(OpCodes.Stloc, Slot(st.Count, Kind.V));
        st.Add(Kind.V);
    }

    private void LoadUpvalCell(int u)
    {
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldfld, s_closureUpvalues);
        _il.Int(u);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void StoreGlobal(int g, Action loadValue)
    {
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldfld, s_closureGlobals);
        _il.Int(g);
        _il.Emit(OpCodes.Ldelema, typeof(Value));
        loadValue();
        _il.Emit(OpCodes.Stobj, typeof(Value));
    }

    /// <summary>Pushes the truthiness (SPEC 3.4) of slot pos as an IL bool.</summary>
    private void EmitTruthy(int pos, Kind k)
    {
        switch (k)
        {
            case Kind.N: _il.Emit(OpCodes.Ldc_I4_0); return;
            case Kind.B: _il.Emit(OpCodes.Ldloc, Slot(pos, Kind.B)); return;
            case Kind.I:
                _il.Emit(OpCodes.Ldloc, Slot(pos, Kind.I));
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Cgt_Un);
                return;
            case Kind.F:
                _il.Emit(OpCodes.Ldloc, Slot(pos, Kind.F));
                _il.Emit(OpCodes.Ldc_R8, 0.0);
                _il.Emit(OpCodes.Ceq);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                return;
            default:
                {
                    // a bool (what comparisons and packed bool arrays give) inline
                    var slow = _il.DefineLabel();
                    var done = _il.DefineLabel();
                    var v = Slot(pos, Kind.V);
                    _il.Emit(OpCodes.Ldloc, v);
                    OnValue(s_rawObj);
                    _il.Emit(OpCodes.Ldsfld, s_boolTag);
                    _il.Emit(OpCodes.Bne_Un, slow);
                    _il.Emit(OpCodes.Ldloc, v);
                    OnValue(s_rawBits);
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Conv_I8);
                    _il.Emit(OpCodes.Cgt_Un);
                    _il.Emit(OpCodes.Br, done);
                    _il.Mark(slow);
                    _il.Emit(OpCodes.Ldloc, v);
                    Ops(nameof(JitOps.Truthy));
                    _il.Mark(done);
                    return;
                }
        }
    }

    private static readonly FieldInfo s_boolTag = Fld(typeof(Value), "BoolTag");
    private static readonly MethodInfo s_rawBits = Getter(typeof(Value), "RawBits");

    /// <summary>With an IL bool on the stack: jump to target (with the edge's conversions) when it equals <paramref name="when"/>.</summary>
    private void EmitConditional(bool when, List<Kind> st, int target)
    {
        var to = _states[target];
        bool simple = target > _ins.Pc && !_stress;
        for (int pos = 0; simple && pos < to.Length; pos++) simple = st[pos] == to[pos];
        if (simple)
        {
            _il.Emit(when ? OpCodes.Brtrue : OpCodes.Brfalse, _labels[target]);
            return;
        }
        var skip = _il.DefineLabel();
        _il.Emit(when ? OpCodes.Brfalse : OpCodes.Brtrue, skip);
        EmitEdge(st, target);
        _il.Mark(skip);
    }

    private bool EmitBinary(MicroOp m, List<Kind> st)
    {
        int top = st.Count;
        var b = Resolve(m.B, st, ref top);
        var a = Resolve(m.A, st, ref top);
        bool ua = Unboxes(m, a.Kind), ub = Unboxes(m, b.Kind);
        if ((ua && a.Pos < 0) || (ub && b.Pos < 0)) throw new NotCompilableException("unboxing a non-slot operand");
        var ka = ua ? Kind.I : a.Kind;
        var kb = ub ? Kind.I : b.Kind;
        var r = BinaryResult(m, a.Kind, b.Kind);
        // guards first: nothing of this instruction has happened yet
        if (ua) GuardInt(a);
        if (ub) GuardInt(b);
        if (r == Kind.I && _stress && m.Op is BcOp.Add or BcOp.Sub or BcOp.Mul) EmitStress(_ins.Pc, _states[_ins.Pc]);

        void LoadAs(Src s, bool unboxed, Kind want)
        {
            if (unboxed) { LoadUnboxed(s); Convert(Kind.I, want); }
            else Load(s, want);
        }

        switch (m.Op)
        {
            case BcOp.Add:
            case BcOp.Sub:
            case BcOp.Mul:
                if (r == Kind.I)
                {
                    LoadAs(a, ua, Kind.I);
                    LoadAs(b, ub, Kind.I);
                    EmitIntArith(m.Op, GuardStub("int overflow"));
                }
                else if (r == Kind.F)
                {
                    LoadAs(a, ua, Kind.F);
                    LoadAs(b, ub, Kind.F);
                    _il.Emit(m.Op == BcOp.Add ? OpCodes.Add : m.Op == BcOp.Sub ? OpCodes.Sub : OpCodes.Mul);
                }
                else if (!ua && !ub && NumberTestable(a) && NumberTestable(b))
                {
                    // values of unknown kind: ints and floats inline, everything else (strings,
                    // mixed kinds, int overflow) through the shared helper
                    var slow = _il.DefineLabel();
                    var done = _il.DefineLabel();
                    var ta = Tested(a);
                    var tb = Tested(b);
                    var op = m.Op == BcOp.Add ? OpCodes.Add : m.Op == BcOp.Sub ? OpCodes.Sub : OpCodes.Mul;
                    if (a.Kind != Kind.F && b.Kind != Kind.F)
                    {
                        var notInts = _il.DefineLabel();
                        KindTests(ta, tb, s_isInt, notInts);
                        LoadIntOf(a, ta);
                        LoadIntOf(b, tb);
                        EmitIntArith(m.Op, slow);
                        _il.Emit(OpCodes.Call, s_fromInt);
                        _il.Emit(OpCodes.Br, done);
                        _il.Mark(notInts);
                    }
                    // floats (an I operand only with a float: a V int and a V float go slow)
                    KindTests(ta, tb, s_isFloat, slow);
                    LoadFloatOf(a, ta);
                    LoadFloatOf(b, tb);
                    _il.Emit(op);
                    _il.Emit(OpCodes.Call, s_fromFloat);
                    _il.Emit(OpCodes.Br, done);
                    _il.Mark(slow);
                    StorePc();
                    LoadValueOf(a, ta);
                    LoadValueOf(b, tb);
                    OpsOrError(m.Op == BcOp.Add ? nameof(JitOps.Add) : m.Op == BcOp.Sub ? nameof(JitOps.Sub) : nameof(JitOps.Mul));
                    _il.Mark(done);
                }
                else
                {
                    SetPc();
                    LoadAs(a, ua, Kind.V);
                    LoadAs(b, ub, Kind.V);
                    OpsOrError(m.Op == BcOp.Add ? nameof(JitOps.Add) : m.Op == BcOp.Sub ? nameof(JitOps.Sub) : nameof(JitOps.Mul));
                }
                break;
            case BcOp.Div:
                if (r == Kind.F)
                {
                    // a / b inline; a zero divisor (the error) through the helper, with the pc
                    var ta = _divA ??= _il.DeclareLocal(typeof(double), "divA");
                    var tb = _divB ??= _il.DeclareLocal(typeof(double), "divB");
                    var zero = _il.DefineLabel();
                    var quotient = _il.DefineLabel();
                    LoadAs(a, ua, Kind.F);
                    _il.Emit(OpCodes.Stloc, ta);
                    LoadAs(b, ub, Kind.F);
                    _il.Emit(OpCodes.Stloc, tb);
                    _il.Emit(OpCodes.Ldloc, tb);
                    _il.Emit(OpCodes.Ldc_R8, 0.0);
                    _il.Emit(OpCodes.Beq, zero);
                    _il.Emit(OpCodes.Ldloc, ta);
                    _il.Emit(OpCodes.Ldloc, tb);
                    _il.Emit(OpCodes.Div);
                    _il.Emit(OpCodes.Br, quotient);
                    _il.Mark(zero);
                    StorePc();
                    _il.Emit(OpCodes.Ldloc, ta);
                    _il.Emit(OpCodes.Ldloc, tb);
                    NumberOrError(nameof(JitOps.DivF), s_asFloat);
                    _il.Mark(quotient);
                    break;
                }
                SetPc();
                if (!ua && !ub && NumberTestable(a) && NumberTestable(b))
                {
                    // values of unknown kind: floats (with an int operand of known kind) inline,
                    // the rest through the shared helper
                    var slow = _il.DefineLabel();
                    var done = _il.DefineLabel();
                    var ta = Tested(a);
                    var tb = Tested(b);
                    KindTests(ta, tb, s_isFloat, slow);
                    LoadFloatOf(a, ta);
                    LoadFloatOf(b, tb);
                    NumberOrError(nameof(JitOps.DivF), s_asFloat);
                    _il.Emit(OpCodes.Call, s_fromFloat);
                    _il.Emit(OpCodes.Br, done);
                    _il.Mark(slow);
                    LoadValueOf(a, ta);
                    LoadValueOf(b, tb);
                    OpsOrError(nameof(JitOps.Div));
                    _il.Mark(done);
                }
                else
                {
                    LoadAs(a, ua, Kind.V);
                    LoadAs(b, ub, Kind.V);
                    OpsOrError(nameof(JitOps.Div));
                }
                break;
            case BcOp.Mod:
                if (r == Kind.I)
                {
                    LoadAs(a, ua, Kind.I);
                    if (b.Pos < 0 && !b.IsGlobal && b.Const.Kind == OperandKind.Imm && b.Const.Value > 0)
                    {
                        LoadConst(b.Const, Kind.I);
                        _il.Emit(OpCodes.Rem);
                    }
                    else
                    {
                        SetPc();
                        LoadAs(b, ub, Kind.I);
                        NumberOrError(nameof(JitOps.ModI), s_asInt);
                    }
                }
                else if (r == Kind.F)
                {
                    SetPc();
                    LoadAs(a, ua, Kind.F);
                    LoadAs(b, ub, Kind.F);
                    NumberOrError(nameof(JitOps.ModF), s_asFloat);
                }
                else
                {
                    SetPc();
                    LoadAs(a, ua, Kind.V);
                    LoadAs(b, ub, Kind.V);
                    OpsOrError(nameof(JitOps.Mod));
                }
                break;
            default:
                EmitCompare(m.Op, a, ua, ka, b, ub, kb, LoadAs, m);
                break;
        }

        // the result (on the IL stack) to its destination
        st.RemoveRange(top, st.Count - top);
        switch (m.Dest)
        {
            case DestKind.Push:
                StorePos(st.Count, r);
                st.Add(r);
                return true;
            case DestKind.Local:
                {
                    var stored = Pin(m.S, r);
                    Convert(r, stored);
                    StorePos(m.S, stored);
                    st[m.S] = stored;
                    return true;
                }
            case DestKind.Global:
                Convert(r, Kind.V);
                _il.Emit(OpCodes.Stloc, _tmpValue);
                StoreGlobal(m.S, () => _il.Emit(OpCodes.Ldloc, _tmpValue));
                return true;
            default:
                EmitConditional(m.Dest == DestKind.BranchIfTrue, st, m.Target);
                return true;
        }
    }

    private LocalBuilder? _opA, _opB, _opR, _product;

    /// <summary>
    /// Int + - * of the two longs on the IL stack (SPEC 3.2: IntArith's overflow rule),
    /// leaving the result; branches to <paramref name="overflow"/> when it does not fit. + and
    /// - are inline on locals whose address is never taken (so they stay in registers).
    /// </summary>
    private void EmitIntArith(BcOp op, Label overflow)
    {
        if (op == BcOp.Mul)
        {
            var product = _product ??= _il.DeclareLocal(typeof(long), "product");
            _il.Emit(OpCodes.Ldloca, product);
            _il.Emit(OpCodes.Call, M(typeof(IntArith), nameof(IntArith.TryMul)));
            _il.Emit(OpCodes.Brfalse, overflow);
            _il.Emit(OpCodes.Ldloc, product);
            return;
        }
        var x = _opA ??= _il.DeclareLocal(typeof(long), "x");
        var y = _opB ??= _il.DeclareLocal(typeof(long), "y");
        var r = _opR ??= _il.DeclareLocal(typeof(long), "r");
        _il.Emit(OpCodes.Stloc, y);
        _il.Emit(OpCodes.Stloc, x);
        _il.Emit(OpCodes.Ldloc, x);
        _il.Emit(OpCodes.Ldloc, y);
        _il.Emit(op == BcOp.Add ? OpCodes.Add : OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, r);
        // overflow when the sign bit of ((x ^ r) & (y ^ r)) is set for +, of ((x ^ y) & (x ^ r)) for -
        _il.Emit(OpCodes.Ldloc, x);
        _il.Emit(OpCodes.Ldloc, op == BcOp.Add ? r : y);
        _il.Emit(OpCodes.Xor);
        _il.Emit(OpCodes.Ldloc, op == BcOp.Add ? y : x);
        _il.Emit(OpCodes.Ldloc, r);
        _il.Emit(OpCodes.Xor);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Blt, overflow);
        _il.Emit(OpCodes.Ldloc, r);
    }

    private void EmitCompare(BcOp op, Src a, bool ua, Kind ka, Src b, bool ub, Kind kb, Action<Src, bool, Kind> loadAs, MicroOp m)
    {
        if (!ua && !ub && EmitStringConstCompare(m, op, a, b)) return;
        bool eq = op is BcOp.Eq or BcOp.Ne;
        if ((ka == Kind.I && kb == Kind.I) || (ka == Kind.F && kb == Kind.F) || (eq && ka == Kind.B && kb == Kind.B))
        {
            loadAs(a, ua, ka);
            loadAs(b, ub, kb);
            bool fl = ka == Kind.F;
            switch (op)
            {
                case BcOp.Eq: _il.Emit(OpCodes.Ceq); break;
                case BcOp.Ne: _il.Emit(OpCodes.Ceq); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
                case BcOp.Lt: _il.Emit(OpCodes.Clt); break;
                case BcOp.Gt: _il.Emit(OpCodes.Cgt); break;
                // a <= b is !(a > b), and for floats !(a > b or unordered)
                case BcOp.Le: _il.Emit(fl ? OpCodes.Cgt_Un : OpCodes.Cgt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
                default: _il.Emit(fl ? OpCodes.Clt_Un : OpCodes.Clt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
            }
            return;
        }
        if (eq && ka == Kind.N && kb == Kind.N)
        {
            _il.Int(op == BcOp.Eq ? 1 : 0);
            return;
        }
        if (!ua && !ub && (ka is Kind.I or Kind.V) && (kb is Kind.I or Kind.V) && IntTestable(a) && IntTestable(b))
        {
            // values of unknown kind compared: ints inline, the rest through the shared helper
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            var (ta, tb) = IntTests(a, b, slow);
            LoadIntOf(a, ta);
            LoadIntOf(b, tb);
            switch (op)
            {
                case BcOp.Eq: _il.Emit(OpCodes.Ceq); break;
                case BcOp.Ne: _il.Emit(OpCodes.Ceq); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
                case BcOp.Lt: _il.Emit(OpCodes.Clt); break;
                case BcOp.Gt: _il.Emit(OpCodes.Cgt); break;
                case BcOp.Le: _il.Emit(OpCodes.Cgt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
                default: _il.Emit(OpCodes.Clt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
            }
            _il.Emit(OpCodes.Br, done);
            _il.Mark(slow);
            SetPc();
            LoadValueOf(a, ta);
            LoadValueOf(b, tb);
            EmitCompareHelper(op);
            _il.Mark(done);
            return;
        }
        SetPc();
        loadAs(a, ua, Kind.V);
        loadAs(b, ub, Kind.V);
        EmitCompareHelper(op);
    }

    private void EmitCompareHelper(BcOp op)
    {
        switch (op)
        {
            case BcOp.Eq: Ops(nameof(JitOps.Equal)); break;
            case BcOp.Ne: Ops(nameof(JitOps.Equal)); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); break;
            case BcOp.Lt: CompareOrError(nameof(JitOps.Less)); break;
            case BcOp.Le: CompareOrError(nameof(JitOps.LessEqual)); break;
            case BcOp.Gt: CompareOrError(nameof(JitOps.Greater)); break;
            default: CompareOrError(nameof(JitOps.GreaterEqual)); break;
        }
    }

    /// <summary>Whether an operand can take the inline int test: an int, or a value in a slot or a global.</summary>
    private static bool IntTestable(Src s) => s.Kind == Kind.I || (s.Kind == Kind.V && (s.Pos >= 0 || s.IsGlobal));

    /// <summary>
    /// The local holding a V operand for the inline kind tests (a global is read once into a
    /// temporary, before any test branches), or null for an operand of a known kind.
    /// </summary>
    private LocalBuilder? Tested(Src s)
    {
        if (s.Kind != Kind.V) return null;
        if (!s.IsGlobal) return Slot(s.Pos, Kind.V);
        int g = (int)s.Const.Value;
        if (!_testedGlobals.TryGetValue(g, out var local)) _testedGlobals[g] = local = _il.DeclareLocal(typeof(Value), "global" + g);
        Load(s, Kind.V);
        _il.Emit(OpCodes.Stloc, local);
        return local;
    }

    /// <summary>Both operands' locals (see <see cref="Tested"/>), each V one checked to hold an int (else to slow).</summary>
    private (LocalBuilder? a, LocalBuilder? b) IntTests(Src a, Src b, Label slow)
    {
        var ta = Tested(a);
        var tb = Tested(b);
        foreach (var t in new[] { ta, tb })
        {
            if (t is null) continue;
            _il.Emit(OpCodes.Ldloc, t);
            OnValue(s_isInt);
            _il.Emit(OpCodes.Brfalse, slow);
        }
        return (ta, tb);
    }

    /// <summary>Whether an operand can take the inline number tests: a number, or a value in a slot or a global.</summary>
    private static bool NumberTestable(Src s) => s.Kind is Kind.I or Kind.F || (s.Kind == Kind.V && (s.Pos >= 0 || s.IsGlobal));

    /// <summary>Branches to fail unless each tested (V) operand's kind test passes.</summary>
    private void KindTests(LocalBuilder? ta, LocalBuilder? tb, MethodInfo test, Label fail)
    {
        foreach (var t in new[] { ta, tb })
        {
            if (t is null) continue;
            _il.Emit(OpCodes.Ldloc, t);
            OnValue(test);
            _il.Emit(OpCodes.Brfalse, fail);
        }
    }

    private void LoadFloatOf(Src s, LocalBuilder? tested)
    {
        if (tested is null) Load(s, Kind.F);
        else
        {
            _il.Emit(OpCodes.Ldloc, tested);
            OnValue(s_asFloat);
        }
    }

    private void LoadIntOf(Src s, LocalBuilder? tested)
    {
        if (tested is null) Load(s, Kind.I);
        else
        {
            _il.Emit(OpCodes.Ldloc, tested);
            OnValue(s_asInt);
        }
    }

    private void LoadValueOf(Src s, LocalBuilder? tested)
    {
        if (tested is null) Load(s, Kind.V);
        else _il.Emit(OpCodes.Ldloc, tested);
    }

    private void EmitNeg(List<Kind> st)
    {
        int pos = st.Count - 1;
        var k = st[pos];
        if (k == Kind.F)
        {
            LoadPos(pos, k, k);
            _il.Emit(OpCodes.Neg);
            StorePos(pos, Kind.F);
            return;
        }
        if (k == Kind.I && _speculate)
        {
            _il.Emit(OpCodes.Ldloc, Slot(pos, Kind.I));
            _il.Emit(OpCodes.Ldc_I8, long.MinValue);
            _il.Emit(OpCodes.Beq, GuardStub("int overflow"));
            LoadPos(pos, k, k);
            _il.Emit(OpCodes.Neg);
            StorePos(pos, Kind.I);
            return;
        }
        SetPc();
        LoadPos(pos, k, Kind.V);
        OpsOrError(nameof(JitOps.Negate));
        st.RemoveAt(pos);
        PushV(st);
    }

    private void EmitGetIndex(MicroOp m, List<Kind> st)
    {
        var element = SpeculatedElement(m, st);
        int top = st.Count;
        var i = Resolve(m.B, st, ref top);
        var t = Resolve(m.A, st, ref top);
        bool intIndex = i.Kind == Kind.I && (i.Pos >= 0 || i.Const.Kind == OperandKind.Imm) && !i.IsGlobal;
        // an inline access raises nothing: the record's pc is stored on its slow path only
        if (element != Kind.V)
        {
            // compiled for arrays of packed ints (floats): the element unboxed from that
            // storage; anything else through the helper, whose result is checked (when it is
            // not of the kind, deopt just after the read, with the value on the stack)
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            var general = _il.DefineLabel();
            var check = _il.DefineLabel();
            var arr = ArrayAt(t, i, slow);
            StorageAt(arr, element == Kind.I ? typeof(long[]) : typeof(double[]), general);
            _il.Emit(element == Kind.I ? OpCodes.Ldelem_I8 : OpCodes.Ldelem_R8);
            st.RemoveRange(top, st.Count - top);
            int pos = st.Count;
            _il.Emit(OpCodes.Stloc, Slot(pos, element));
            _il.Emit(OpCodes.Br, done);
            // general storage: the element checked like the helper's result
            _il.Mark(general);
            StorageAt(arr, typeof(Value[]), slow);
            _il.Emit(OpCodes.Ldelem, typeof(Value));
            _il.Emit(OpCodes.Stloc, Slot(pos, Kind.V));
            _il.Emit(OpCodes.Br, check);
            _il.Mark(slow);
            StorePc();
            Load(t, Kind.V);
            Load(i, Kind.I);
            OpsOrError(nameof(JitOps.GetIndexI));
            _il.Emit(OpCodes.Stloc, Slot(pos, Kind.V));
            _il.Mark(check);
            st.Add(Kind.V);
            UnboxResult(st, element, element == Kind.I ? "element not an int" : "element not a float");
            _il.Mark(done);
            return;
        }
        if (intIndex && t.Pos >= 0 && t.Kind == Kind.V)
        {
            // an array in a slot at an int index: packed (int, bool, float) and general storage
            // read inline, everything else (an all-nil array, out of range, not an array)
            // through the helper
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            var arr = ArrayAt(t, i, slow);
            foreach (var (storage, load, box) in s_packedLoads)
            {
                var notThisStorage = _il.DefineLabel();
                StorageAt(arr, storage, notThisStorage);
                _il.Emit(load);
                _il.Emit(OpCodes.Call, box);
                _il.Emit(OpCodes.Br, done);
                _il.Mark(notThisStorage);
            }
            StorageAt(arr, typeof(Value[]), slow);
            _il.Emit(OpCodes.Ldelem, typeof(Value));
            _il.Emit(OpCodes.Br, done);
            _il.Mark(slow);
            EmitStringIndex(t, i, done);
            StorePc();
            Load(t, Kind.V);
            Load(i, Kind.I);
            OpsOrError(nameof(JitOps.GetIndexI));
            _il.Mark(done);
        }
        else if (intIndex)
        {
            SetPc();
            Load(t, Kind.V);
            Load(i, Kind.I);
            OpsOrError(nameof(JitOps.GetIndexI));
        }
        else
        {
            bool keyed = m.Flag == 1 || (i.Pos < 0 && !i.IsGlobal);
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            bool inline = keyed && InlineMapEntry(t, i, slow);
            if (inline)
            {
                _il.Emit(OpCodes.Ldflda, s_entryValue);
                _il.Emit(OpCodes.Ldobj, typeof(Value));
                _il.Emit(OpCodes.Br, done);
                _il.Mark(slow);
                // no entry held on this path (a later store of the same field tests for it)
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_U);
                _il.Emit(OpCodes.Stloc, _entry!);
                StorePc();
            }
            else SetPc();
            Load(t, Kind.V);
            Load(i, Kind.V);
            if (keyed) LoadInlineCache();
            OpsOrError(m.Flag == 1 ? nameof(JitOps.GetProp) : keyed ? nameof(JitOps.GetIndexKey) : nameof(JitOps.GetIndex));
            if (inline)
            {
                _il.Mark(done);
                if (t.Pos < _nLocals) _heldEntry = (t.Pos, (string)_proto.Constants[(int)i.Const.Value].RawObj!);
            }
        }
        st.RemoveRange(top, st.Count - top);
        PushV(st);
        if (_floatLoads.Contains(m)) UnboxResult(st, Kind.F, "field not a float");
    }

    /// <summary>
    /// The value just pushed (a V slot at the top) unboxed as <paramref name="kind"/> (I or
    /// F), the state's top made that kind; when it is not of that kind, deoptimizes to the
    /// next instruction with the value on the operand stack (the instruction has had its
    /// effect: nothing is done twice).
    /// </summary>
    private void UnboxResult(List<Kind> st, Kind kind, string why)
    {
        int pos = st.Count - 1;
        var after = st.ToArray();
        _il.Emit(OpCodes.Ldloc, Slot(pos, Kind.V));
        OnValue(kind == Kind.I ? s_isInt : s_isFloat);
        _il.Emit(OpCodes.Brfalse, Stub(_ins.Next, after, why));
        _il.Emit(OpCodes.Ldloc, Slot(pos, Kind.V));
        OnValue(kind == Kind.I ? s_asInt : s_asFloat);
        _il.Emit(OpCodes.Stloc, Slot(pos, kind));
        st[pos] = kind;
    }

    private LocalBuilder? _array;
    private readonly Dictionary<Type, LocalBuilder> _storages = [];

    /// <summary>
    /// Branches to notIt unless the array's storage (<see cref="ArrayAt"/>) is a
    /// <paramref name="storage"/>; otherwise pushes that storage and the index, for an
    /// ldelem, stelem or ldelema of its element type.
    /// </summary>
    private void StorageAt(LocalBuilder arr, Type storage, Label notIt)
    {
        if (!_storages.TryGetValue(storage, out var local)) _storages[storage] = local = _il.DeclareLocal(storage, storage.Name);
        // an exact type test (the .NET JIT makes it one compare of the method table): `isinst
        // long[]` is a call of the runtime's cast helper, since array covariance lets a
        // ulong[] pass as a long[]; the storage is never null
        _il.Emit(OpCodes.Ldloc, arr);
        _il.Emit(OpCodes.Call, s_arrayData);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _dataObj ??= _il.DeclareLocal(typeof(object), "storage"));
        CastExact(storage, notIt, local);
        _il.Emit(OpCodes.Ldloc, local);
        _il.Emit(OpCodes.Ldloc, _tmpLong);
        _il.Emit(OpCodes.Conv_I);
    }
    private LocalBuilder? _dataObj;
    /// <summary>
    /// With an object on the IL stack that the storage local also holds: branches to notIt
    /// unless its type is exactly <paramref name="type"/>, else stores it, as that type, in
    /// <paramref name="into"/>.
    /// </summary>
    private void CastExact(Type type, Label notIt, LocalBuilder into)
    {
        _il.Emit(OpCodes.Callvirt, s_getType);
        _il.Emit(OpCodes.Ldtoken, type);
        _il.Emit(OpCodes.Call, s_typeFromHandle);
        _il.Emit(OpCodes.Call, s_typeEquals);
        _il.Emit(OpCodes.Brfalse, notIt);
        _il.Emit(OpCodes.Ldloc, _dataObj!);
        _il.Emit(OpCodes.Call, s_unsafeAs[type]);
        _il.Emit(OpCodes.Stloc, into);
    }

    private static readonly MethodInfo s_getType = typeof(object).GetMethod(nameof(GetType))!;
    private static readonly MethodInfo s_typeFromHandle = typeof(Type).GetMethod(nameof(Type.GetTypeFromHandle))!;
    private static readonly MethodInfo s_typeEquals = typeof(Type).GetMethod("op_Equality", [typeof(Type), typeof(Type)])!;
    private static readonly Dictionary<Type, MethodInfo> s_unsafeAs = new()
    {
        [typeof(long[])] = M(typeof(JitOps), nameof(JitOps.AsLongs)),
        [typeof(double[])] = M(typeof(JitOps), nameof(JitOps.AsDoubles)),
        [typeof(bool[])] = M(typeof(JitOps), nameof(JitOps.AsBools)),
        [typeof(Value[])] = M(typeof(JitOps), nameof(JitOps.AsValues)),
        [typeof(SentraMap)] = M(typeof(JitOps), nameof(JitOps.AsMap)),
    };
    private static readonly MethodInfo s_arrayData = Getter(typeof(SentraArray), "Data");
    private static readonly MethodInfo s_arrayCount = Getter(typeof(SentraArray), nameof(SentraArray.Count));

    /// <summary>The object of the value in slot t as a <paramref name="type"/> into <paramref name="into"/>, else (not one, or nil) to <paramref name="otherwise"/>.</summary>
    private void ObjectAs(Src t, Type type, LocalBuilder into, Label otherwise)
    {
        _il.Emit(OpCodes.Ldloc, Slot(t.Pos, Kind.V));
        OnValue(s_rawObj);
        _il.Emit(OpCodes.Isinst, type);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, into);
        _il.Emit(OpCodes.Brfalse, otherwise);
    }

    /// <summary>
    /// For an inline element access: the array in slot t (else to slow) with the int index
    /// i in range (else to slow), the index left in <see cref="_tmpLong"/>. Returns the local
    /// holding the array.
    /// </summary>
    private LocalBuilder ArrayAt(Src t, Src i, Label slow)
    {
        var arr = _array ??= _il.DeclareLocal(typeof(SentraArray), "array");
        ObjectAs(t, typeof(SentraArray), arr, slow);
        Load(i, Kind.I);
        _il.Emit(OpCodes.Stloc, _tmpLong);
        _il.Emit(OpCodes.Ldloc, _tmpLong);
        _il.Emit(OpCodes.Ldloc, arr);
        _il.Emit(OpCodes.Call, s_arrayCount);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Bge_Un, slow);
        return arr;
    }

    private void EmitSetIndex(MicroOp m, List<Kind> st)
    {
        // any store may add a key (an int index into a map too) and so move the map's entries
        var held = _heldEntry;
        _heldEntry = null;
        int top = st.Count;
        var v = Resolve(m.C, st, ref top);
        var i = Resolve(m.B, st, ref top);
        var t = Resolve(m.A, st, ref top);
        // an inline store raises nothing: the record's pc is stored on its slow path only
        bool intIndex = i.Kind == Kind.I && !i.IsGlobal && (i.Pos >= 0 || i.Const.Kind == OperandKind.Imm);
        if (intIndex && t.Pos >= 0 && t.Kind == Kind.V && (v.Pos >= 0 || v.Kind != Kind.V) && !v.IsGlobal)
        {
            // an array in a slot at an int index: a store that fits general storage (any value)
            // or packed storage (an int, a float or a bool in storage of its kind) is inline;
            // the rest (a store that changes the storage) goes through the helper
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            var arr = ArrayAt(t, i, slow);
            if (v.Kind is Kind.I or Kind.F or Kind.B)
            {
                // a typed value into packed storage of its kind
                var (storage, store) = v.Kind switch
                {
                    Kind.I => (typeof(long[]), OpCodes.Stelem_I8),
                    Kind.F => (typeof(double[]), OpCodes.Stelem_R8),
                    _ => (typeof(bool[]), OpCodes.Stelem_I1),
                };
                var general = _il.DefineLabel();
                StorageAt(arr, storage, general);
                Load(v, v.Kind);
                _il.Emit(store);
                _il.Emit(OpCodes.Br, done);
                _il.Mark(general);
            }
            if (v.Kind == Kind.V)
            {
                // a value of unknown kind (an element just read, a call's result): general
                // storage takes it as it is, packed int and bool storage when it is of their kind
                var notGeneral = _il.DefineLabel();
                StorageAt(arr, typeof(Value[]), notGeneral);
                _il.Emit(OpCodes.Ldelema, typeof(Value));
                Load(v, Kind.V);
                _il.Emit(OpCodes.Stobj, typeof(Value));
                _il.Emit(OpCodes.Br, done);
                _il.Mark(notGeneral);
                foreach (var (isKind, storage, payload, store) in s_packedStores)
                {
                    var notThisKind = _il.DefineLabel();
                    _il.Emit(OpCodes.Ldloc, Slot(v.Pos, Kind.V));
                    OnValue(isKind);
                    _il.Emit(OpCodes.Brfalse, notThisKind);
                    StorageAt(arr, storage, slow);
                    _il.Emit(OpCodes.Ldloc, Slot(v.Pos, Kind.V));
                    OnValue(payload);
                    _il.Emit(store);
                    _il.Emit(OpCodes.Br, done);
                    _il.Mark(notThisKind);
                }
                _il.Emit(OpCodes.Br, slow);
            }
            else
            {
                StorageAt(arr, typeof(Value[]), slow);
                _il.Emit(OpCodes.Ldelema, typeof(Value));
                Load(v, Kind.V);
                _il.Emit(OpCodes.Stobj, typeof(Value));
                _il.Emit(OpCodes.Br, done);
            }
            _il.Mark(slow);
            StorePc();
            Load(t, Kind.V);
            Load(i, Kind.I);
            Load(v, Kind.V);
            OpsOrError(nameof(JitOps.SetIndexI), keep: false);
            _il.Mark(done);
            st.RemoveRange(top, st.Count - top);
            return;
        }
        var mapSlow = _il.DefineLabel();
        var mapDone = _il.DefineLabel();
        bool storable = !intIndex && (m.Flag == 1 || (i.Pos < 0 && !i.IsGlobal)) && (v.Pos >= 0 || v.Kind != Kind.V) && !v.IsGlobal;
        if (storable && held is var (heldPos, heldKey) && heldPos == t.Pos && t.Kind == Kind.V
            && i.Pos < 0 && i.Const.Kind == OperandKind.Const && _proto.Constants[(int)i.Const.Value].RawObj is string key && key == heldKey)
        {
            // the field the same local's map was read at just before (b.x = b.x + d): only
            // operations that touch no map ran since, so the entry the read found is still
            // that key's (null when the read took its slow path)
            var full = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, _entry!);
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Beq, full);
            _il.Emit(OpCodes.Ldloc, _entry!);
            StoreEntryValue(v, mapDone);
            _il.Mark(full);
        }
        bool inlineMap = storable && InlineMapEntry(t, i, mapSlow);
        if (inlineMap)
        {
            StoreEntryValue(v, mapDone);
            _il.Mark(mapSlow);
            StorePc();
        }
        else SetPc();
        Load(t, Kind.V);
        string helper;
        if (intIndex)
        {
            Load(i, Kind.I);
            helper = nameof(JitOps.SetIndexI);
        }
        else
        {
            Load(i, Kind.V);
            helper = m.Flag == 1 ? nameof(JitOps.SetProp) : i.Pos < 0 && !i.IsGlobal ? nameof(JitOps.SetIndexKey) : nameof(JitOps.SetIndex);
        }
        Load(v, Kind.V);
        if (helper is nameof(JitOps.SetProp) or nameof(JitOps.SetIndexKey)) LoadInlineCache();
        OpsOrError(helper, keep: false);
        if (inlineMap) _il.Mark(mapDone);
        st.RemoveRange(top, st.Count - top);
    }

    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)]
    private static readonly Type s_entryType = typeof(SentraMap).GetNestedType("Entry", BindingFlags.NonPublic) ?? throw new MissingMemberException(nameof(SentraMap), "Entry");
    private static readonly FieldInfo s_mapEntries = Fld(typeof(SentraMap), "_entries");
    private static readonly FieldInfo s_entryKey = s_entryType.GetField("Key")!;
    private static readonly FieldInfo s_entryValue = s_entryType.GetField("Value")!;
    // one local of each such use per method (the .NET JIT tracks, and keeps in registers, a
    // limited number of locals)
    private LocalBuilder? _map;
    private LocalBuilder? _entry;
    private LocalBuilder? _hint;

    /// <summary>
    /// The hit of a map access with a constant string key through the instruction's inline
    /// cache, inline (what <see cref="SentraMap.GetCached"/> and
    /// <see cref="SentraMap.SetCached"/> do first): when slot t holds a map whose entry at
    /// the cached index has the key, leaves a reference to that entry on the IL stack;
    /// otherwise (not a map, a miss) branches to slow, where the helper does the rest and
    /// updates the cache. False (nothing emitted) when the access does not qualify.
    /// </summary>
    private bool InlineMapEntry(Src t, Src key, Label slow)
    {
        if (t.Pos < 0 || t.Kind != Kind.V || key.Pos >= 0 || key.IsGlobal || key.Const.Kind != OperandKind.Const) return false;
        if (_proto.Constants[(int)key.Const.Value].RawObj is not string name) return false;
        if (_proto.InlineCache.Length <= _ins.Pc) return false;
        var hint = _hint ??= _il.DeclareLocal(typeof(int), "hint");
        var entry = _entry ??= _il.DeclareLocal(s_entryType.MakeByRefType(), "entry");
        var entries = _entries ??= _il.DeclareLocal(s_entryType.MakeArrayType(), "entries");
        bool local = t.Pos < _nLocals;
        if (local && _knownMaps.TryGetValue(t.Pos, out var map))
        {
            // the local was tested since it was last written: its map (null: not a map)
            _il.Emit(OpCodes.Ldloc, map);
            _il.Emit(OpCodes.Brfalse, slow);
        }
        else
        {
            // a local's map is kept in a local of its own for its next accesses (null when
            // it holds no map); a stack slot's in the shared one
            if (local)
            {
                if (!_mapOf.TryGetValue(t.Pos, out map)) _mapOf[t.Pos] = map = _il.DeclareLocal(typeof(SentraMap), "map" + t.Pos);
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Stloc, map);
            }
            else map = _map ??= _il.DeclareLocal(typeof(SentraMap), "map");
            _il.Emit(OpCodes.Ldloc, Slot(t.Pos, Kind.V));
            OnValue(s_rawObj);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, _dataObj ??= _il.DeclareLocal(typeof(object), "storage"));
            _il.Emit(OpCodes.Brfalse, slow);
            _il.Emit(OpCodes.Ldloc, _dataObj);
            CastExact(typeof(SentraMap), slow, map);
            if (local) _knownMaps[t.Pos] = map;
        }
        // the cached index, inside the entry array (so the element access needs no bounds
        // check of its own). An entry at or past the map's used count has a null key
        // (SentraMap.Insert writes the key at _used, Remove leaves a null key, Rebuild makes
        // a fresh array), so the key test below also proves the entry in use.
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_unitInlineCache);
        _il.Int(_ins.Pc);
        _il.Emit(OpCodes.Call, s_cacheAt);
        _il.Emit(OpCodes.Ldind_I4);
        _il.Emit(OpCodes.Stloc, hint);
        _il.Emit(OpCodes.Ldloc, map);
        _il.Emit(OpCodes.Ldfld, s_mapEntries);
        _il.Emit(OpCodes.Stloc, entries);
        _il.Emit(OpCodes.Ldloc, hint);
        _il.Emit(OpCodes.Ldloc, entries);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Bge_Un, slow);
        // the element's address with no second bounds check (in a large method the .NET JIT
        // runs out of room for the facts that would remove it)
        _il.Emit(OpCodes.Ldloc, entries);
        _il.Emit(OpCodes.Call, s_entriesData);
        _il.Emit(OpCodes.Ldloc, hint);
        _il.Emit(OpCodes.Call, s_entryAdd);
        _il.Emit(OpCodes.Stloc, entry);
        // its key: the same string object (keys written from this script's constants, which
        // the compiler shares); an equal string of another object goes through the helper,
        // which compares contents, so the fast path makes no call
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Ldfld, s_entryKey);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_unitObjects);
        _il.Int(AddObject(name));
        _il.Emit(OpCodes.Call, s_objectAt);
        _il.Emit(OpCodes.Bne_Un, slow);
        _il.Emit(OpCodes.Ldloc, entry);
        return true;
    }
    private static readonly MethodInfo s_entriesData = OverEntries(typeof(MemoryMarshal).GetMethods()
        .Single(m => m.Name == nameof(MemoryMarshal.GetArrayDataReference) && m.IsGenericMethodDefinition));
    private static readonly MethodInfo s_entryAdd = OverEntries(typeof(Unsafe).GetMethods()
        .Single(m => m.Name == nameof(Unsafe.Add) && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType.IsByRef: true }, { ParameterType: var t }] && t == typeof(int)));

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "GetArrayDataReference<T> and Unsafe.Add<T> put no requirement on T")]
    private static MethodInfo OverEntries(MethodInfo generic) => generic.MakeGenericMethod(s_entryType);
    /// <summary>
    /// The local and key of the map field whose entry the <c>entry</c> local refers to (or is
    /// null for, when that read took its slow path), while only operations that cannot touch a
    /// map's entries have run since: a store of the same field then writes through it.
    /// </summary>
    private (int Pos, string Key)? _heldEntry;

    /// <summary>
    /// Locals whose map test has run on every path since they were last written (straight
    /// line from a test: no jump target in between), with the local holding the map or null.
    /// A local's value changes only by a store to it (captured locals live in cells), so the
    /// next access of its fields skips the test.
    /// </summary>
    private readonly Dictionary<int, LocalBuilder> _knownMaps = [];
    private readonly Dictionary<int, LocalBuilder> _mapOf = [];

    /// <summary>Forgets the map tests of the locals <paramref name="m"/> may write (all of them for an operation not known to write none but its destination).</summary>
    private void ForgetWrittenLocals(MicroOp m)
    {
        if (_knownMaps.Count == 0) return;
        switch (m.Kind)
        {
            case MicroKind.StoreLocal:
                _knownMaps.Remove(m.S);
                break;
            case MicroKind.Binary:
                if (m.Dest == DestKind.Local) _knownMaps.Remove(m.S);
                break;
            case MicroKind.Push or MicroKind.PushLiteral or MicroKind.Pop or MicroKind.Dup or MicroKind.LoadLocal
                or MicroKind.LoadGlobal or MicroKind.StoreGlobal or MicroKind.CheckGlobal or MicroKind.LoadUpval or MicroKind.LoadCell
                or MicroKind.Neg or MicroKind.Not or MicroKind.GetIndex or MicroKind.SetIndex or MicroKind.Call or MicroKind.CallMethod
                or MicroKind.Jump or MicroKind.Branch or MicroKind.BranchOrPop or MicroKind.NewArray or MicroKind.NewMap:
                break;
            default:
                _knownMaps.Clear();
                break;
        }
    }

    /// <summary>The pcs control can reach other than by falling through (jumps, handlers, loop entries), where no entry is held.</summary>
    private readonly HashSet<int> _jumpTargets = [];

    /// <summary>
    /// Whether <paramref name="m"/> leaves the held entry valid: constants, stack shuffles,
    /// local loads and stores (not into the map's local) and operators (pure: they read values
    /// and raise at most, which leaves the straight line). Field accesses handle it themselves.
    /// </summary>
    private bool KeepsHeldEntry(MicroOp m) => _heldEntry is not var (pos, _) || m.Kind switch
    {
        MicroKind.GetIndex or MicroKind.SetIndex => true,
        MicroKind.Push or MicroKind.PushLiteral or MicroKind.Pop or MicroKind.Dup or MicroKind.LoadLocal or MicroKind.Neg or MicroKind.Not => true,
        MicroKind.StoreLocal => m.S != pos,
        MicroKind.Binary => m.Dest != DestKind.Global && !(m.Dest == DestKind.Local && m.S == pos),
        _ => false,
    };

    private static readonly MethodInfo s_cacheAt = M(typeof(Unchecked), nameof(Unchecked.CacheAt));
    private static readonly MethodInfo s_objectAt = M(typeof(Unchecked), nameof(Unchecked.ObjectAt));
    private LocalBuilder? _entries;

    /// <summary>
    /// With the entry reference of <see cref="InlineMapEntry"/> on the IL stack: stores v into
    /// its value and jumps to done. When the entry already holds a value of v's tag object
    /// (a float over a float: the usual field update), only the payload is written, which
    /// needs no GC write barrier; anything else is stored whole.
    /// </summary>
    private void StoreEntryValue(Src v, Label done)
    {
        bool tagged = v.Kind is Kind.I or Kind.F || (v.Kind == Kind.V && v.Pos >= 0 && !v.IsGlobal);
        if (!tagged)
        {
            _il.Emit(OpCodes.Ldflda, s_entryValue);
            Load(v, Kind.V);
            _il.Emit(OpCodes.Stobj, typeof(Value));
            _il.Emit(OpCodes.Br, done);
            return;
        }
        var whole = _il.DefineLabel();
        _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Ldloc, _entry!);
        _il.Emit(OpCodes.Ldflda, s_entryValue);
        _il.Emit(OpCodes.Ldfld, s_valueObj);
        if (v.Kind == Kind.V)
        {
            _il.Emit(OpCodes.Ldloc, Slot(v.Pos, Kind.V));
            _il.Emit(OpCodes.Ldfld, s_valueObj);
        }
        else _il.Emit(OpCodes.Ldsfld, v.Kind == Kind.I ? s_intTag : s_floatTag);
        _il.Emit(OpCodes.Bne_Un, whole);
        _il.Emit(OpCodes.Ldloc, _entry!);
        _il.Emit(OpCodes.Ldflda, s_entryValue);
        if (v.Kind == Kind.V)
        {
            _il.Emit(OpCodes.Ldloc, Slot(v.Pos, Kind.V));
            _il.Emit(OpCodes.Ldfld, s_valueBits);
        }
        else
        {
            Load(v, v.Kind);
            if (v.Kind == Kind.F) _il.Emit(OpCodes.Call, s_doubleToBits);
        }
        _il.Emit(OpCodes.Stfld, s_valueBits);
        _il.Emit(OpCodes.Br, done);
        _il.Mark(whole);
        _il.Emit(OpCodes.Ldloc, _entry!);
        _il.Emit(OpCodes.Ldflda, s_entryValue);
        Load(v, Kind.V);
        _il.Emit(OpCodes.Stobj, typeof(Value));
        _il.Emit(OpCodes.Br, done);
    }
    private static readonly MethodInfo s_doubleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;

    private static readonly FieldInfo s_unitInlineCache = Fld(typeof(JitUnit), nameof(JitUnit.InlineCache));

    /// <summary>Pushes a reference to the instruction's inline-cache entry (shared with the interpreter: a hint, never a result).</summary>
    private void LoadInlineCache()
    {
        if (_proto.InlineCache.Length <= _ins.Pc) throw new NotCompilableException("a keyed access without an inline-cache entry");
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_unitInlineCache);
        _il.Int(_ins.Pc);
        _il.Emit(OpCodes.Ldelema, typeof(int));
    }

    /// <summary>Writes n slots from position first on (as values) into the interpreter's argument area; leaves _argRef pointing at it.</summary>
    private void WriteArgs(List<Kind> st, int first, int n)
    {
        _il.Emit(OpCodes.Ldarg_1);
        _il.Int(n);
        _il.Emit(OpCodes.Call, s_jitArgs);
        _il.Emit(OpCodes.Stloc, _argRef);
        for (int i = 0; i < n; i++)
        {
            _il.Emit(OpCodes.Ldloc, _argRef);
            _il.Int(i);
            _il.Emit(OpCodes.Call, s_at);
            LoadPos(first + i, st[first + i], Kind.V);
            _il.Emit(OpCodes.Stobj, typeof(Value));
        }
    }

    private int AddObject(object o)
    {
        int i = _objects.IndexOf(o);
        if (i >= 0) return i;
        _objects.Add(o);
        return _objects.Count - 1;
    }

    private void LoadObject(int index, Type t)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_unitObjects);
        _il.Int(index);
        _il.Emit(OpCodes.Ldelem_Ref);
        if (t != typeof(object)) _il.Emit(OpCodes.Castclass, t);
    }

    private void EmitCall(MicroOp m, List<Kind> st)
    {
        int n = m.N;
        int argFirst = st.Count - n;
        if (IsMathCall(m, st))
        {
            EmitMathCall(m, st);
            return;
        }
        SetPc();
        // the callee into _tmpValue2
        switch (m.A.Kind)
        {
            case OperandKind.Stack:
                LoadPos(argFirst - 1, st[argFirst - 1], Kind.V);
                break;
            case OperandKind.Local:
                LoadPos((int)m.A.Value, st[(int)m.A.Value], Kind.V);
                break;
            case OperandKind.Global:
                _il.Emit(OpCodes.Ldarg_2);
                _il.Emit(OpCodes.Ldfld, s_closureGlobals);
                _il.Int((int)m.A.Value);
                _il.Emit(OpCodes.Ldelem, typeof(Value));
                break;
            default: // upvalue
                LoadUpvalCell((int)m.A.Value);
                _il.Emit(OpCodes.Ldfld, s_cellValue);
                break;
        }
        _il.Emit(OpCodes.Stloc, _tmpValue2);
        var done = _il.DefineLabel();
        var generic = _il.DefineLabel();
        bool bound = false;
        if (m.A.Kind == OperandKind.Global) bound = EmitBoundCall((int)m.A.Value, n, st, argFirst, generic, done);
        if (bound) _il.Mark(generic);
        if (m.A.Kind == OperandKind.Global)
        {
            // an unassigned global is an error at the call, as in the interpreter
            _il.Emit(OpCodes.Ldarg_2);
            _il.Int((int)m.A.Value);
            Ops(nameof(JitOps.CheckGlobal));
        }
        WriteArgs(st, argFirst, n);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, _tmpValue2);
        _il.Int(n);
        _il.Emit(OpCodes.Call, s_jitCall);
        EmitBuiltinErrorCheck();
        _il.Mark(done);
        st.RemoveRange(argFirst, n);
        if (m.A.Kind == OperandKind.Stack) st.RemoveAt(st.Count - 1);
        PushV(st);
    }

    /// <summary>A float math builtin called through a global that still holds it: the Math method inline (else a deopt before the call).</summary>
    private void EmitMathCall(MicroOp m, List<Kind> st)
    {
        var (g, builtin, math) = _mathCalls[m];
        int arg = st.Count - 1;
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldfld, s_closureGlobals);
        _il.Int(g);
        _il.Emit(OpCodes.Ldelema, typeof(Value));
        _il.Emit(OpCodes.Ldfld, s_valueObj);
        LoadObject(AddObject(builtin), typeof(object));
        _il.Emit(OpCodes.Bne_Un, GuardStub("builtin replaced"));
        LoadPos(arg, st[arg], Kind.F);
        _il.Emit(OpCodes.Call, math);
        st.RemoveAt(arg);
        _il.Emit(OpCodes.Stloc, Slot(st.Count, Kind.F));
        st.Add(Kind.F);
    }

    private LocalBuilder? _builtinResult;

    /// <summary>
    /// Calls the interpreter's handler search for an error of this function (the catch
    /// block's exception, a builtin's returned error or a thrown value, which
    /// <paramref name="loadError"/> pushes; <paramref name="router"/> is JitCatch,
    /// JitCatchReturned or JitThrowCaught) and keeps the handler's index in the resume local.
    /// </summary>
    private void EmitCatchCall(Action loadError, string router)
    {
        _il.Emit(OpCodes.Ldarg_1);
        loadError();
        _il.Emit(OpCodes.Ldloc, _fp);
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldloca, _raised);
        _il.Emit(OpCodes.Call, M(typeof(Interpreter), router));
        _il.Emit(OpCodes.Stloc, _resume);
    }

    /// <summary>
    /// With a call's result on the IL stack (the call's pc in the record): raises the error
    /// a builtin returned (<see cref="BuiltinError"/>; JitCall and JitCallMethod return the
    /// errors of the call itself the same way), as the interpreter's call does, and leaves any
    /// other result as it is. One type compare when there is no error. In a
    /// function with handlers the error goes to the handler directly, as the protected
    /// region's catch would send it (no .NET exception when one of them takes it).
    /// </summary>
    private void EmitBuiltinErrorCheck(bool keep = true)
    {
        var r = _builtinResult ??= _il.DeclareLocal(typeof(Value), "builtinResult");
        _il.Emit(OpCodes.Stloc, r);
        _il.Emit(OpCodes.Ldloc, r);
        OnValue(s_rawObj);
        _il.Emit(OpCodes.Isinst, typeof(BuiltinError));
        if (_hasHandlers)
        {
            // one routing block per function (EmitExits): the IL stack is empty at every call
            _il.Emit(OpCodes.Brtrue, _routeReturned ??= _il.DefineLabel());
        }
        else
        {
            var ok = _il.DefineLabel();
            _il.Emit(OpCodes.Brfalse, ok);
            _il.Emit(OpCodes.Ldloc, r);
            _il.Emit(OpCodes.Call, M(typeof(BuiltinError), nameof(BuiltinError.Raise)));
            _il.Emit(OpCodes.Stloc, r);
            _il.Mark(ok);
        }
        if (keep) _il.Emit(OpCodes.Ldloc, r);
    }

    private Label? _routeReturned;

    /// <summary>
    /// Calls the JitOps operation <paramref name="name"/> (the record holds its pc): in a
    /// function with handlers its OrError form, whose error goes to the handler as a builtin's
    /// returned error does (no .NET exception when one takes it); elsewhere the form that
    /// throws, with no check after the call. A store's OrError form returns nil, dropped
    /// (<paramref name="keep"/> false).
    /// </summary>
    private void OpsOrError(string name, bool keep = true)
    {
        if (!_hasHandlers)
        {
            Ops(name);
            return;
        }
        Ops(name + "OrError");
        EmitBuiltinErrorCheck(keep);
    }

    /// <summary><see cref="OpsOrError"/> of an int or float operation (DivF, ModI, ModF): the number on the IL stack either way (<paramref name="payload"/>: its getter).</summary>
    private void NumberOrError(string name, MethodInfo payload)
    {
        OpsOrError(name);
        if (_hasHandlers) OnValue(payload);
    }

    /// <summary><see cref="OpsOrError"/> of an ordering (Less ...): a bool on the IL stack either way.</summary>
    private void CompareOrError(string name)
    {
        OpsOrError(name);
        if (!_hasHandlers) return;
        // the OrError form's result is a bool value: its bits are 0 or 1
        _il.Emit(OpCodes.Ldfld, s_valueBits);
        _il.Emit(OpCodes.Conv_I4);
    }

    /// <summary>
    /// A call through global g whose slot held, at compile time, a builtin (bound directly:
    /// its method called with a span over the arguments) or a compiled function (its
    /// DynamicMethod called directly). The slot is checked first; anything else goes generic.
    /// Leaves the result on the IL stack and jumps to done.
    /// </summary>
    private bool EmitBoundCall(int g, int n, List<Kind> st, int argFirst, Label generic, Label done)
    {
        var held = _closure.Globals[g];
        if (held.RawObj is BuiltinFunction bf && n >= bf.MinArity && (n <= bf.MaxArity || bf.MaxArity < 0))
        {
            int k = AddObject(bf);
            _il.Emit(OpCodes.Ldloc, _tmpValue2);
            OnValue(s_rawObj);
            LoadObject(k, typeof(object));
            _il.Emit(OpCodes.Bne_Un, generic);
            if (n == 2 && IsRegistryPush(bf))
            {
                var notArray = _il.DefineLabel();
                EmitDirectPush(st, argFirst, notArray, done);
                _il.Mark(notArray);
            }
            WriteArgs(st, argFirst, n);
            var fn = bf.Fn;
            bool direct = fn.Target is null && fn.Method.IsStatic;
            if (!direct) LoadObject(AddObject(fn), typeof(BuiltinFn));
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Int(n);
            _il.Emit(OpCodes.Call, s_jitArgSpan);
            if (direct) _il.Emit(OpCodes.Call, fn.Method);
            else _il.Emit(OpCodes.Callvirt, typeof(BuiltinFn).GetMethod("Invoke")!);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Int(n);
            _il.Emit(OpCodes.Call, s_jitPopArgs);
            EmitBuiltinErrorCheck();
            _il.Emit(OpCodes.Br, done);
            return true;
        }
        if (held.RawObj is Closure target && target.Proto.Arity == n)
        {
            // the callee's code: this method itself (recursion) or a compiled function
            MethodInfo? method = null;
            int unitIndex = -1;
            bool typedCallee = false;
            if (ReferenceEquals(target.Proto, _proto))
            {
                method = _method;
                typedCallee = HasTypedEntry;
            }
            else if (_unit.Backend.DirectTarget(target.Proto, _unit.Stress) is { } t)
            {
                method = t.Method;
                unitIndex = AddObject(t.Unit);
                typedCallee = t.Unit.TypedEntry;
            }
            if (method is null) return false;
            bool typedCall = typedCallee;
            for (int i = 0; i < n; i++) typedCall &= st[argFirst + i] == Kind.I;
            var cl = _callee ??= _il.DeclareLocal(typeof(Closure), "callee");
            _il.Emit(OpCodes.Ldloc, _tmpValue2);
            OnValue(s_rawObj);
            _il.Emit(OpCodes.Isinst, typeof(Closure));
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, cl);
            _il.Emit(OpCodes.Brfalse, generic);
            _il.Emit(OpCodes.Ldloc, cl);
            _il.Emit(OpCodes.Ldfld, s_closureProto);
            if (unitIndex < 0) _il.Emit(OpCodes.Ldarg_0);
            else LoadObject(unitIndex, typeof(JitUnit));
            _il.Emit(OpCodes.Ldfld, s_unitProto);
            _il.Emit(OpCodes.Bne_Un, generic);
            if (typedCall)
            {
                // the typed entry: the int arguments as IL arguments
                if (unitIndex < 0) _il.Emit(OpCodes.Ldarg_0);
                else LoadObject(unitIndex, typeof(JitUnit));
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldloc, cl);
                // no frame (a typed entry reads none); a local of its own, as passing a
                // local's address keeps it in memory
                _il.Emit(OpCodes.Ldloca, _noFrame ??= _il.DeclareLocal(typeof(Value), "noFrame"));
                _il.Int(TypedEntryPc);
                for (int i = 0; i < TypedArity; i++)
                {
                    if (i < n) LoadPos(argFirst + i, Kind.I, Kind.I);
                    else _il.Emit(OpCodes.Ldc_I8, 0L);
                }
                _il.Emit(OpCodes.Call, method);
                _il.Emit(OpCodes.Br, done);
                return true;
            }
            WriteArgs(st, argFirst, n);
            if (unitIndex < 0) _il.Emit(OpCodes.Ldarg_0);
            else LoadObject(unitIndex, typeof(JitUnit));
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldloc, cl);
            _il.Emit(OpCodes.Ldloc, _argRef);
            _il.Emit(OpCodes.Ldc_I4_0);
            for (int i = 0; i < TypedArity; i++) _il.Emit(OpCodes.Ldc_I8, 0L);
            _il.Emit(OpCodes.Call, method);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Int(n);
            _il.Emit(OpCodes.Call, s_jitPopArgs);
            EmitBuiltinErrorCheck();
            _il.Emit(OpCodes.Br, done);
            return true;
        }
        return false;
    }
}
