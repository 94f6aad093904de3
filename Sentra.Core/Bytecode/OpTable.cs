namespace Sentra.Bytecode;

/// <summary>
/// The single source of truth about instructions (STYLE practice 1): the compiler (stack
/// depth), the disassembler, the verifier and the JIT all read it.
/// </summary>
public static class OpTable
{
    private static readonly OpInfo[] s_rows =
    [
        new(OpCode.Const, OperandFormat.Const, 0, 1, "-> K[k]"),
        new(OpCode.Nil, OperandFormat.None, 0, 1, "-> nil"),
        new(OpCode.True, OperandFormat.None, 0, 1, "-> true"),
        new(OpCode.False, OperandFormat.None, 0, 1, "-> false"),
        new(OpCode.Int, OperandFormat.Imm, 0, 1, "-> i ; small int constant"),
        new(OpCode.Pop, OperandFormat.None, 1, 0, "a -> "),
        new(OpCode.PopN, OperandFormat.Count, -1, 0, "a1..an -> ; drops n values"),
        new(OpCode.LoadLocal, OperandFormat.Slot, 0, 1, "-> L[s]"),
        new(OpCode.StoreLocal, OperandFormat.Slot, 1, 0, "a -> ; L[s] := a"),
        new(OpCode.LoadCell, OperandFormat.Slot, 0, 1, "-> L[s].value ; L[s] holds a captured variable's cell"),
        new(OpCode.StoreCell, OperandFormat.Slot, 1, 0, "a -> ; L[s].value := a"),
        new(OpCode.NewCell, OperandFormat.Slot, 0, 0, "-> ; L[s] := new cell(nil) (fresh binding)"),
        new(OpCode.WrapCell, OperandFormat.Slot, 0, 0, "-> ; L[s] := new cell(L[s]) (captured parameter)"),
        new(OpCode.LoadUpval, OperandFormat.Upval, 0, 1, "-> U[u].value"),
        new(OpCode.StoreUpval, OperandFormat.Upval, 1, 0, "a -> ; U[u].value := a"),
        new(OpCode.LoadGlobal, OperandFormat.Global, 0, 1, "-> G[g] ; error 'undefined variable' if never assigned"),
        new(OpCode.StoreGlobal, OperandFormat.Global, 1, 0, "a -> ; G[g] := a"),
        new(OpCode.Add, OperandFormat.None, 2, 1, "a b -> a+b ; numbers, or concatenation if either is a string"),
        new(OpCode.Sub, OperandFormat.None, 2, 1, "a b -> a-b"),
        new(OpCode.Mul, OperandFormat.None, 2, 1, "a b -> a*b ; or string repetition"),
        new(OpCode.Div, OperandFormat.None, 2, 1, "a b -> a/b ; always float"),
        new(OpCode.Mod, OperandFormat.None, 2, 1, "a b -> a%b"),
        new(OpCode.Neg, OperandFormat.None, 1, 1, "a -> -a"),
        new(OpCode.Not, OperandFormat.None, 1, 1, "a -> !a"),
        new(OpCode.Eq, OperandFormat.None, 2, 1, "a b -> a==b ; deep"),
        new(OpCode.Ne, OperandFormat.None, 2, 1, "a b -> a!=b"),
        new(OpCode.Lt, OperandFormat.None, 2, 1, "a b -> a<b"),
        new(OpCode.Le, OperandFormat.None, 2, 1, "a b -> a<=b"),
        new(OpCode.Gt, OperandFormat.None, 2, 1, "a b -> a>b"),
        new(OpCode.Ge, OperandFormat.None, 2, 1, "a b -> a>=b"),
        new(OpCode.Jump, OperandFormat.Jump, 0, 0, "-> ; pc := t (forward)"),
        new(OpCode.Loop, OperandFormat.Jump, 0, 0, "-> ; pc := t (backward: a back edge, which counts a step and polls the limits)"),
        new(OpCode.JumpIfFalse, OperandFormat.Jump, 1, 0, "c -> ; if !truthy(c) pc := t"),
        new(OpCode.JumpIfTrue, OperandFormat.Jump, 1, 0, "c -> ; if truthy(c) pc := t"),
        new(OpCode.JumpIfFalseOrPop, OperandFormat.Jump, 1, 0, "c -> c (jump to t if falsy) | -> (pop, fall through) ; &&"),
        new(OpCode.JumpIfTrueOrPop, OperandFormat.Jump, 1, 0, "c -> c (jump to t if truthy) | -> (pop, fall through) ; ||"),
        new(OpCode.NewArray, OperandFormat.Count, -1, 1, "a1..an -> [a1..an]"),
        new(OpCode.NewMap, OperandFormat.Count, -1, 1, "k1 v1..kn vn -> {k1: v1..}"),
        new(OpCode.GetIndex, OperandFormat.None, 2, 1, "a i -> a[i]"),
        new(OpCode.SetIndex, OperandFormat.None, 3, 0, "a i v -> ; a[i] := v"),
        new(OpCode.GetProp, OperandFormat.Const, 1, 1, "a -> a.K[k] ; maps, modules, .length"),
        new(OpCode.SetProp, OperandFormat.Const, 2, 0, "a v -> ; a[K[k]] := v"),
        new(OpCode.Call, OperandFormat.Count, -1, 1, "f a1..an -> f(a1..an)"),
        new(OpCode.CallMethod, OperandFormat.ConstCount, -1, 1, "r a1..an -> r.K[k](a1..an) ; SPEC 3.8"),
        new(OpCode.Return, OperandFormat.None, 1, 0, "a -> ; return a to the caller"),
        new(OpCode.ReturnLocal, OperandFormat.Slot, 0, 0, "-> ; return L[s] to the caller (LoadLocal + Return)"),
        new(OpCode.Closure, OperandFormat.Closure, 0, 1, "-> closure(P[f], captured cells)"),
        new(OpCode.IterInit, OperandFormat.Slot, 1, 0, "x -> ; L[s..s+2] := iteration state of x (for-in)"),
        new(OpCode.IterNext, OperandFormat.SlotJump, 0, 1, "-> next element, or jump to t when done (pushes nothing then)"),
        new(OpCode.Throw, OperandFormat.None, 1, 0, "a -> ; raise a"),
        new(OpCode.Import, OperandFormat.Const, 0, 1, "-> module K[k] (loaded once)"),
        new(OpCode.JumpIfNotLt, OperandFormat.Jump, 2, 0, "a b -> ; if !(a<b) pc := t (Lt + JumpIfFalse)"),
        new(OpCode.JumpIfNotLe, OperandFormat.Jump, 2, 0, "a b -> ; if !(a<=b) pc := t"),
        new(OpCode.JumpIfNotGt, OperandFormat.Jump, 2, 0, "a b -> ; if !(a>b) pc := t"),
        new(OpCode.JumpIfNotGe, OperandFormat.Jump, 2, 0, "a b -> ; if !(a>=b) pc := t"),
        new(OpCode.JumpIfNotEq, OperandFormat.Jump, 2, 0, "a b -> ; if !(a==b) pc := t"),
        new(OpCode.JumpIfNotNe, OperandFormat.Jump, 2, 0, "a b -> ; if !(a!=b) pc := t"),
        new(OpCode.AddLocalImm, OperandFormat.SlotImm, 0, 0, "-> ; L[s] := L[s] + i (x = x + 1 on a local)"),
        new(OpCode.AddGlobalImm, OperandFormat.GlobalImm, 0, 0, "-> ; G[g] := G[g] + i (x = x + 1 on a global)"),
        new(OpCode.ForLoop, OperandFormat.ForLoop, 0, 0, "-> ; L[c] := L[c] + step; if L[c] <op> bound pc := t (the update, condition and back edge of a counting for loop)"),
        new(OpCode.ToStr, OperandFormat.None, 1, 1, "a -> str(a) ; operand of a string concatenation chain (an int stays an int: ConcatN formats it)"),
        new(OpCode.ConcatN, OperandFormat.Count, -1, 1, "s1..sn -> s1+..+sn ; n strings (or ints, formatted as str does) joined at once (\"lit\" + a + b ...)"),
        new(OpCode.AddLocalLocal, OperandFormat.SlotSlot, 0, 0, "-> ; L[s1] := L[s1] + L[s2] (x = x + y on locals)"),
        new(OpCode.LoadLocal2, OperandFormat.SlotSlot, 0, 2, "-> L[s1] L[s2]"),
        new(OpCode.GetIndexK, OperandFormat.Const, 1, 1, "a -> a[K[k]] ; constant string index (inline-cached on maps)"),
        new(OpCode.SetIndexK, OperandFormat.Const, 2, 0, "a v -> ; a[K[k]] := v ; constant string index"),
        new(OpCode.AddK, OperandFormat.Imm, 1, 1, "a -> a+i ; Int i + Add in one instruction"),
        new(OpCode.SubK, OperandFormat.Imm, 1, 1, "a -> a-i"),
        new(OpCode.MulK, OperandFormat.Imm, 1, 1, "a -> a*i"),
        new(OpCode.ModK, OperandFormat.Imm, 1, 1, "a -> a%i ; i > 0"),
        new(OpCode.EqK, OperandFormat.Imm, 1, 1, "a -> a==i"),
        new(OpCode.NeK, OperandFormat.Imm, 1, 1, "a -> a!=i"),
        new(OpCode.LtK, OperandFormat.Imm, 1, 1, "a -> a<i"),
        new(OpCode.LeK, OperandFormat.Imm, 1, 1, "a -> a<=i"),
        new(OpCode.GtK, OperandFormat.Imm, 1, 1, "a -> a>i"),
        new(OpCode.GeK, OperandFormat.Imm, 1, 1, "a -> a>=i"),
        new(OpCode.JumpIfNotLtK, OperandFormat.ImmJump, 1, 0, "a -> ; if !(a<i) pc := t (Int i + JumpIfNotLt)"),
        new(OpCode.JumpIfNotLeK, OperandFormat.ImmJump, 1, 0, "a -> ; if !(a<=i) pc := t"),
        new(OpCode.JumpIfNotGtK, OperandFormat.ImmJump, 1, 0, "a -> ; if !(a>i) pc := t"),
        new(OpCode.JumpIfNotGeK, OperandFormat.ImmJump, 1, 0, "a -> ; if !(a>=i) pc := t"),
        new(OpCode.JumpIfNotEqK, OperandFormat.ImmJump, 1, 0, "a -> ; if !(a==i) pc := t"),
        new(OpCode.JumpIfNotNeK, OperandFormat.ImmJump, 1, 0, "a -> ; if !(a!=i) pc := t"),
        new(OpCode.AddLK, OperandFormat.SlotImm, 0, 1, "-> L[s]+i ; LoadLocal + AddK"),
        new(OpCode.SubLK, OperandFormat.SlotImm, 0, 1, "-> L[s]-i ; LoadLocal + SubK"),
        new(OpCode.JumpIfNotLtLK, OperandFormat.SlotImmJump, 0, 0, "-> ; if !(L[s]<i) pc := t (LoadLocal + JumpIfNotLtK)"),
        new(OpCode.JumpIfNotLeLK, OperandFormat.SlotImmJump, 0, 0, "-> ; if !(L[s]<=i) pc := t"),
        new(OpCode.JumpIfNotGtLK, OperandFormat.SlotImmJump, 0, 0, "-> ; if !(L[s]>i) pc := t"),
        new(OpCode.JumpIfNotGeLK, OperandFormat.SlotImmJump, 0, 0, "-> ; if !(L[s]>=i) pc := t"),
        new(OpCode.JumpIfNotEqLK, OperandFormat.SlotImmJump, 0, 0, "-> ; if !(L[s]==i) pc := t"),
        new(OpCode.JumpIfNotNeLK, OperandFormat.SlotImmJump, 0, 0, "-> ; if !(L[s]!=i) pc := t"),
        new(OpCode.GetIndexLL, OperandFormat.SlotSlot, 0, 1, "-> L[s1][L[s2]] ; LoadLocal2 + GetIndex"),
        new(OpCode.SetIndexLL, OperandFormat.SlotSlot, 1, 0, "v -> ; L[s1][L[s2]] := v (the locals are read after v is computed; v cannot change them)"),
        new(OpCode.GetIndexLK, OperandFormat.SlotImm, 0, 1, "-> L[s][i] ; LoadLocal + Int + GetIndex"),
        new(OpCode.GetIndexLC, OperandFormat.SlotConst, 0, 1, "-> L[s][K[k]] ; LoadLocal + GetIndexK (inline-cached on maps)"),
        new(OpCode.GetPropLC, OperandFormat.SlotConst, 0, 1, "-> L[s].K[k] ; LoadLocal + GetProp (inline-cached on maps)"),
        new(OpCode.SetIndexLC, OperandFormat.SlotConst, 1, 0, "v -> ; L[s][K[k]] := v (v cannot assign L[s])"),
        new(OpCode.SetPropLC, OperandFormat.SlotConst, 1, 0, "v -> ; L[s].K[k] := v (v cannot assign L[s])"),
        new(OpCode.AddLL, OperandFormat.SlotSlot, 0, 1, "-> L[s1]+L[s2] ; LoadLocal2 + Add"),
        new(OpCode.SubLL, OperandFormat.SlotSlot, 0, 1, "-> L[s1]-L[s2] ; LoadLocal2 + Sub"),
        new(OpCode.MulLL, OperandFormat.SlotSlot, 0, 1, "-> L[s1]*L[s2] ; LoadLocal2 + Mul"),
        new(OpCode.CheckGlobal, OperandFormat.Global, 0, 0, "-> ; error 'undefined variable' if G[g] was never assigned (before a CallGlobal's arguments)"),
        new(OpCode.CallGlobal, OperandFormat.GlobalCount, -1, 1, "a1..an -> G[g](a1..an) ; LoadGlobal ... Call for arguments that cannot assign G[g]; no callee slot"),
        new(OpCode.CallLocal, OperandFormat.SlotCount, -1, 1, "a1..an -> L[s](a1..an) ; LoadLocal ... Call for arguments that cannot assign L[s]; no callee slot"),
        new(OpCode.CallUpval, OperandFormat.UpvalCount, -1, 1, "a1..an -> U[u](a1..an) ; LoadUpval ... Call for arguments that run no code; no callee slot"),
        new(OpCode.StrCall, OperandFormat.Global, 1, 1, "a -> G[g](a) ; CallGlobal g 1 of str in a concatenation chain: nothing done when G[g] is the builtin str and a is an int or a string"),
        new(OpCode.AddInt, OperandFormat.None, 2, 1, "a b -> a+b ; quickened Add: both ints seen (back to Add on a miss)"),
        new(OpCode.SubInt, OperandFormat.None, 2, 1, "a b -> a-b ; quickened Sub: both ints seen (back to Sub on a miss)"),
        new(OpCode.MulInt, OperandFormat.None, 2, 1, "a b -> a*b ; quickened Mul: both ints seen (back to Mul on a miss)"),
        new(OpCode.JumpIfNotLtInt, OperandFormat.Jump, 2, 0, "a b -> ; if !(a<b) pc := t ; quickened JumpIfNotLt: ints seen"),
        new(OpCode.JumpIfNotLeInt, OperandFormat.Jump, 2, 0, "a b -> ; if !(a<=b) pc := t ; quickened JumpIfNotLe: ints seen"),
        new(OpCode.JumpIfNotGtInt, OperandFormat.Jump, 2, 0, "a b -> ; if !(a>b) pc := t ; quickened JumpIfNotGt: ints seen"),
        new(OpCode.JumpIfNotGeInt, OperandFormat.Jump, 2, 0, "a b -> ; if !(a>=b) pc := t ; quickened JumpIfNotGe: ints seen"),
    ];

    private static readonly OpInfo[] s_byOp = Build();

    // sized from the rows, not Enum.GetValues (reflection, which cost every start-up ~1 ms)
    private static OpInfo[] Build()
    {
        int count = 0;
        foreach (var row in s_rows) count = Math.Max(count, (int)row.Op + 1);
        var byOp = new OpInfo[count];
        foreach (var row in s_rows)
        {
            if (byOp[(int)row.Op] is not null) throw new InvalidOperationException($"duplicate row for {row.Op}");
            byOp[(int)row.Op] = row;
        }
        return byOp;
    }

    /// <summary>All rows, in opcode order.</summary>
    public static IReadOnlyList<OpInfo> Rows => s_rows;

    /// <summary>The row of <paramref name="op"/>.</summary>
    public static OpInfo Get(OpCode op) => s_byOp[(int)op];

    /// <summary>One more than the highest opcode: codes at or above it are not instructions.</summary>
    public static int Count => s_byOp.Length;

    /// <summary>Instruction length in code slots (opcode included).</summary>
    public static int Length(int[] code, int pc, FunctionProto? proto = null)
    {
        var info = s_byOp[code[pc]];
        return info.Format switch
        {
            OperandFormat.None => 1,
            OperandFormat.ConstCount or OperandFormat.SlotJump or OperandFormat.ImmJump or OperandFormat.SlotConst or OperandFormat.SlotImm or OperandFormat.GlobalImm or OperandFormat.GlobalCount or OperandFormat.SlotCount or OperandFormat.UpvalCount or OperandFormat.SlotSlot => 3,
            OperandFormat.Closure => 2 + (proto?.Protos[code[pc + 1]].UpvalueCount ?? throw new InvalidOperationException("closure length needs the proto")),
            OperandFormat.SlotImmJump => 4,
            OperandFormat.ForLoop => 6,
            _ => 2,
        };
    }

    /// <summary>Net stack effect (pushes - pops) of the instruction at pc, on the fall-through path.</summary>
    public static int StackEffect(OpCode op, int operand)
    {
        var info = Get(op);
        int pops = info.Pops;
        if (pops < 0)
        {
            pops = op switch
            {
                OpCode.PopN => operand,
                OpCode.ConcatN => operand,
                OpCode.NewArray => operand,
                OpCode.NewMap => 2 * operand,
                OpCode.Call or OpCode.CallMethod => operand + 1,
                OpCode.CallGlobal or OpCode.CallLocal or OpCode.CallUpval => operand,
                _ => throw new InvalidOperationException(op.ToString()),
            };
        }
        return info.Pushes - pops;
    }
}
