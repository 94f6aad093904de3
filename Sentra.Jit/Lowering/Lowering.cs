// Lowering: every opcode, fused and quickened forms included, expressed as a short sequence
// of a dozen generic operations (MicroOp). The JIT's type analysis and its IL emitter read
// only these, so each instruction's meaning is written once here, next to the opcode table,
// and a superinstruction cannot drift from its expansion: LoweringTests check each fused
// form against its parts.
//
// Deoptimization points sit only at instruction boundaries. Within one instruction's
// sequence, any operation that may fail a guard (int overflow, a kind check) comes before the
// first operation with an effect (a store, a call), so resuming the interpreter at the
// instruction's pc re-executes it exactly once.
using Sentra.Bytecode;

namespace Sentra.Jit.Lowering;

/// <summary>Where an operand comes from.</summary>
public enum OperandKind : byte
{
    /// <summary>Popped from the operand stack.</summary>
    Stack,
    /// <summary>A local slot (read, not popped).</summary>
    Local,
    /// <summary>An immediate int.</summary>
    Imm,
    /// <summary>A module global (an unassigned one raises "undefined variable").</summary>
    Global,
    /// <summary>A constant of the function's constant table.</summary>
    Const,
}

/// <summary>An operand of a <see cref="MicroOp"/>.</summary>
public readonly record struct Operand(OperandKind Kind, long Value)
{
    public static readonly Operand Stack = new(OperandKind.Stack, 0);
    public static Operand Local(int s) => new(OperandKind.Local, s);
    public static Operand Imm(long k) => new(OperandKind.Imm, k);
    public static Operand Global(int g) => new(OperandKind.Global, g);
    public static Operand Const(int k) => new(OperandKind.Const, k);
    public override string ToString() => Kind switch
    {
        OperandKind.Stack => "pop",
        OperandKind.Local => $"L[{Value}]",
        OperandKind.Imm => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OperandKind.Global => $"G[{Value}]",
        _ => $"K[{Value}]",
    };
}

/// <summary>Where a result goes.</summary>
public enum DestKind : byte
{
    /// <summary>Pushed on the operand stack.</summary>
    Push,
    /// <summary>Stored into a local slot.</summary>
    Local,
    /// <summary>Stored into a module global.</summary>
    Global,
    /// <summary>Not stored: jump to the target when the result is falsy.</summary>
    BranchIfFalse,
    /// <summary>Not stored: jump to the target when the result is truthy.</summary>
    BranchIfTrue,
}

/// <summary>The generic operations instructions lower to.</summary>
public enum MicroKind : byte
{
    /// <summary>Push constant operand A (Imm: an int; Const: the table's value; nil/bool via <see cref="MicroOp.Flag"/>).</summary>
    Push,
    /// <summary>Push nil (Flag 0), false (1) or true (2).</summary>
    PushLiteral,
    /// <summary>Drop N values.</summary>
    Pop,
    Dup,
    /// <summary>Push L[S].</summary>
    LoadLocal,
    /// <summary>Pop into L[S].</summary>
    StoreLocal,
    LoadCell,
    StoreCell,
    NewCell,
    WrapCell,
    LoadUpval,
    StoreUpval,
    /// <summary>Push G[S] (undefined check).</summary>
    LoadGlobal,
    /// <summary>Pop into G[S].</summary>
    StoreGlobal,
    /// <summary>Raise "undefined variable" if G[S] was never assigned.</summary>
    CheckGlobal,
    /// <summary>Result of <see cref="MicroOp.Op"/> (Add..Ge) on A and B to the destination; <see cref="MicroOp.Quick"/>: the interpreter saw ints here.</summary>
    Binary,
    Neg,
    Not,
    /// <summary>Unconditional jump to Target (a back edge when Target is not after the instruction).</summary>
    Jump,
    /// <summary>Pop; jump to Target if falsy (Flag 0) or truthy (Flag 1).</summary>
    Branch,
    /// <summary>Jump to Target keeping the top if falsy (Flag 0) / truthy (Flag 1), else pop it.</summary>
    BranchOrPop,
    NewArray,
    NewMap,
    /// <summary>Push A[B]; Flag 1: property semantics (SPEC 3.8) for a constant name B.</summary>
    GetIndex,
    /// <summary>A[B] := C; Flag 1: property semantics (maps only).</summary>
    SetIndex,
    /// <summary>Call with N arguments; callee from A (Stack: the slot below the arguments; Global, Local, or Upval via Flag 1).</summary>
    Call,
    /// <summary>Call method K[S] on the receiver below N arguments.</summary>
    CallMethod,
    /// <summary>str(top) through G[S] in a concatenation chain (nothing done for the builtin and an int or string).</summary>
    StrCall,
    /// <summary>Return A.</summary>
    Return,
    /// <summary>Push a closure of nested function S with the capture descriptors <see cref="MicroOp.Captures"/>.</summary>
    Closure,
    /// <summary>Pop an iterable into the iteration state L[S], L[S+1].</summary>
    IterInit,
    /// <summary>Push the next element of L[S]'s iteration, or jump to Target (pushing nothing).</summary>
    IterNext,
    Throw,
    /// <summary>Push module K[S].</summary>
    Import,
    /// <summary>The top as a concatenation operand (an int stays an int).</summary>
    ToStr,
    /// <summary>Join the top N values as strings.</summary>
    ConcatN,
}

/// <summary>One generic operation. Fields not used by a kind are zero.</summary>
public sealed record MicroOp(MicroKind Kind)
{
    public OpCode Op { get; init; }
    public Operand A { get; init; }
    public Operand B { get; init; }
    public Operand C { get; init; }
    public DestKind Dest { get; init; }
    /// <summary>Slot, global, constant or upvalue index, by kind.</summary>
    public int S { get; init; }
    public int N { get; init; }
    public int Target { get; init; }
    public int Flag { get; init; }
    public bool Quick { get; init; }
    public int[] Captures { get; init; } = [];

    public override string ToString() => Kind switch
    {
        MicroKind.Binary => $"{Op} {A}, {B} -> {Dest}{(Dest is DestKind.Local or DestKind.Global ? $" {S}" : "")}{(Dest is DestKind.BranchIfFalse or DestKind.BranchIfTrue ? $" {Target}" : "")}{(Quick ? " (ints seen)" : "")}",
        _ => $"{Kind} S={S} N={N} T={Target} F={Flag} {A} {B} {C}",
    };
}

/// <summary>One decoded instruction and its lowering.</summary>
public sealed record LoweredInstruction(int Pc, int Next, OpCode Op, MicroOp[] Ops);

/// <summary>Lowers bytecode to <see cref="MicroOp"/> sequences.</summary>
public static class Lowerer
{
    /// <summary>Lowers the instruction at pc of <paramref name="code"/> (a snapshot of the function's code).</summary>
    public static LoweredInstruction Lower(FunctionProto proto, int[] code, int pc)
    {
        var op = (OpCode)code[pc];
        int next = pc + OpTable.Length(code, pc, proto);
        int a1 = pc + 1 < code.Length ? code[pc + 1] : 0;
        int a2 = pc + 2 < code.Length ? code[pc + 2] : 0;
        int a3 = pc + 3 < code.Length ? code[pc + 3] : 0;
        MicroOp Bin(OpCode o, Operand a, Operand b, DestKind d = DestKind.Push, int s = 0, int target = 0, bool quick = false) =>
            new(MicroKind.Binary) { Op = o, A = a, B = b, Dest = d, S = s, Target = target, Quick = quick };
        MicroOp[] ops = op switch
        {
            OpCode.Const => [new(MicroKind.Push) { A = Operand.Const(a1) }],
            OpCode.Nil => [new(MicroKind.PushLiteral) { Flag = 0 }],
            OpCode.False => [new(MicroKind.PushLiteral) { Flag = 1 }],
            OpCode.True => [new(MicroKind.PushLiteral) { Flag = 2 }],
            OpCode.Int => [new(MicroKind.Push) { A = Operand.Imm(a1) }],
            OpCode.Pop => [new(MicroKind.Pop) { N = 1 }],
            OpCode.PopN => [new(MicroKind.Pop) { N = a1 }],
            OpCode.LoadLocal => [new(MicroKind.LoadLocal) { S = a1 }],
            OpCode.LoadLocal2 => [new(MicroKind.LoadLocal) { S = a1 }, new(MicroKind.LoadLocal) { S = a2 }],
            OpCode.StoreLocal => [new(MicroKind.StoreLocal) { S = a1 }],
            OpCode.LoadCell => [new(MicroKind.LoadCell) { S = a1 }],
            OpCode.StoreCell => [new(MicroKind.StoreCell) { S = a1 }],
            OpCode.NewCell => [new(MicroKind.NewCell) { S = a1 }],
            OpCode.WrapCell => [new(MicroKind.WrapCell) { S = a1 }],
            OpCode.LoadUpval => [new(MicroKind.LoadUpval) { S = a1 }],
            OpCode.StoreUpval => [new(MicroKind.StoreUpval) { S = a1 }],
            OpCode.LoadGlobal => [new(MicroKind.LoadGlobal) { S = a1 }],
            OpCode.StoreGlobal => [new(MicroKind.StoreGlobal) { S = a1 }],
            OpCode.CheckGlobal => [new(MicroKind.CheckGlobal) { S = a1 }],

            OpCode.Add or OpCode.Sub or OpCode.Mul or OpCode.Div or OpCode.Mod
                or OpCode.Eq or OpCode.Ne or OpCode.Lt or OpCode.Le or OpCode.Gt or OpCode.Ge
                => [Bin(op, Operand.Stack, Operand.Stack)],
            OpCode.AddInt => [Bin(OpCode.Add, Operand.Stack, Operand.Stack, quick: true)],
            OpCode.SubInt => [Bin(OpCode.Sub, Operand.Stack, Operand.Stack, quick: true)],
            OpCode.MulInt => [Bin(OpCode.Mul, Operand.Stack, Operand.Stack, quick: true)],
            OpCode.Neg => [new(MicroKind.Neg)],
            OpCode.Not => [new(MicroKind.Not)],
            OpCode.AddK => [Bin(OpCode.Add, Operand.Stack, Operand.Imm(a1))],
            OpCode.SubK => [Bin(OpCode.Sub, Operand.Stack, Operand.Imm(a1))],
            OpCode.MulK => [Bin(OpCode.Mul, Operand.Stack, Operand.Imm(a1))],
            OpCode.ModK => [Bin(OpCode.Mod, Operand.Stack, Operand.Imm(a1))],
            OpCode.EqK => [Bin(OpCode.Eq, Operand.Stack, Operand.Imm(a1))],
            OpCode.NeK => [Bin(OpCode.Ne, Operand.Stack, Operand.Imm(a1))],
            OpCode.LtK => [Bin(OpCode.Lt, Operand.Stack, Operand.Imm(a1))],
            OpCode.LeK => [Bin(OpCode.Le, Operand.Stack, Operand.Imm(a1))],
            OpCode.GtK => [Bin(OpCode.Gt, Operand.Stack, Operand.Imm(a1))],
            OpCode.GeK => [Bin(OpCode.Ge, Operand.Stack, Operand.Imm(a1))],
            OpCode.AddLL => [Bin(OpCode.Add, Operand.Local(a1), Operand.Local(a2))],
            OpCode.SubLL => [Bin(OpCode.Sub, Operand.Local(a1), Operand.Local(a2))],
            OpCode.MulLL => [Bin(OpCode.Mul, Operand.Local(a1), Operand.Local(a2))],
            OpCode.AddLK => [Bin(OpCode.Add, Operand.Local(a1), Operand.Imm(a2))],
            OpCode.SubLK => [Bin(OpCode.Sub, Operand.Local(a1), Operand.Imm(a2))],
            OpCode.AddLocalImm => [Bin(OpCode.Add, Operand.Local(a1), Operand.Imm(a2), DestKind.Local, a1)],
            OpCode.AddLocalLocal => [Bin(OpCode.Add, Operand.Local(a1), Operand.Local(a2), DestKind.Local, a1)],
            OpCode.AddGlobalImm => [Bin(OpCode.Add, Operand.Global(a1), Operand.Imm(a2), DestKind.Global, a1)],

            OpCode.Jump or OpCode.Loop => [new(MicroKind.Jump) { Target = a1 }],
            OpCode.JumpIfFalse => [new(MicroKind.Branch) { Target = a1, Flag = 0 }],
            OpCode.JumpIfTrue => [new(MicroKind.Branch) { Target = a1, Flag = 1 }],
            OpCode.JumpIfFalseOrPop => [new(MicroKind.BranchOrPop) { Target = a1, Flag = 0 }],
            OpCode.JumpIfTrueOrPop => [new(MicroKind.BranchOrPop) { Target = a1, Flag = 1 }],
            OpCode.JumpIfNotLt or OpCode.JumpIfNotLe or OpCode.JumpIfNotGt or OpCode.JumpIfNotGe or OpCode.JumpIfNotEq or OpCode.JumpIfNotNe
                => [Bin(CompareOf(op), Operand.Stack, Operand.Stack, DestKind.BranchIfFalse, target: a1)],
            OpCode.JumpIfNotLtInt or OpCode.JumpIfNotLeInt or OpCode.JumpIfNotGtInt or OpCode.JumpIfNotGeInt
                => [Bin(CompareOf(op), Operand.Stack, Operand.Stack, DestKind.BranchIfFalse, target: a1, quick: true)],
            OpCode.JumpIfNotLtK or OpCode.JumpIfNotLeK or OpCode.JumpIfNotGtK or OpCode.JumpIfNotGeK or OpCode.JumpIfNotEqK or OpCode.JumpIfNotNeK
                => [Bin(CompareOf(op), Operand.Stack, Operand.Imm(a1), DestKind.BranchIfFalse, target: a2)],
            OpCode.JumpIfNotLtLK or OpCode.JumpIfNotLeLK or OpCode.JumpIfNotGtLK or OpCode.JumpIfNotGeLK or OpCode.JumpIfNotEqLK or OpCode.JumpIfNotNeLK
                => [Bin(CompareOf(op), Operand.Local(a1), Operand.Imm(a2), DestKind.BranchIfFalse, target: a3)],
            OpCode.ForLoop => LowerForLoop(code, pc),

            OpCode.NewArray => [new(MicroKind.NewArray) { N = a1 }],
            OpCode.NewMap => [new(MicroKind.NewMap) { N = a1 }],
            OpCode.GetIndex => [new(MicroKind.GetIndex) { A = Operand.Stack, B = Operand.Stack }],
            OpCode.SetIndex => [new(MicroKind.SetIndex) { A = Operand.Stack, B = Operand.Stack, C = Operand.Stack }],
            OpCode.GetProp => [new(MicroKind.GetIndex) { A = Operand.Stack, B = Operand.Const(a1), Flag = 1 }],
            OpCode.SetProp => [new(MicroKind.SetIndex) { A = Operand.Stack, B = Operand.Const(a1), C = Operand.Stack, Flag = 1 }],
            OpCode.GetIndexK => [new(MicroKind.GetIndex) { A = Operand.Stack, B = Operand.Const(a1) }],
            OpCode.SetIndexK => [new(MicroKind.SetIndex) { A = Operand.Stack, B = Operand.Const(a1), C = Operand.Stack }],
            OpCode.GetIndexLL => [new(MicroKind.GetIndex) { A = Operand.Local(a1), B = Operand.Local(a2) }],
            OpCode.GetIndexLK => [new(MicroKind.GetIndex) { A = Operand.Local(a1), B = Operand.Imm(a2) }],
            OpCode.GetIndexLC => [new(MicroKind.GetIndex) { A = Operand.Local(a1), B = Operand.Const(a2) }],
            OpCode.GetPropLC => [new(MicroKind.GetIndex) { A = Operand.Local(a1), B = Operand.Const(a2), Flag = 1 }],
            OpCode.SetIndexLL => [new(MicroKind.SetIndex) { A = Operand.Local(a1), B = Operand.Local(a2), C = Operand.Stack }],
            OpCode.SetIndexLC => [new(MicroKind.SetIndex) { A = Operand.Local(a1), B = Operand.Const(a2), C = Operand.Stack }],
            OpCode.SetPropLC => [new(MicroKind.SetIndex) { A = Operand.Local(a1), B = Operand.Const(a2), C = Operand.Stack, Flag = 1 }],

            OpCode.Call => [new(MicroKind.Call) { A = Operand.Stack, N = a1 }],
            OpCode.CallGlobal => [new(MicroKind.Call) { A = Operand.Global(a1), N = a2 }],
            OpCode.CallLocal => [new(MicroKind.Call) { A = Operand.Local(a1), N = a2 }],
            OpCode.CallUpval => [new(MicroKind.Call) { A = new Operand(OperandKind.Const, a1), N = a2, Flag = 1 }],
            OpCode.CallMethod => [new(MicroKind.CallMethod) { S = a1, N = a2 }],
            OpCode.StrCall => [new(MicroKind.StrCall) { S = a1 }],
            OpCode.Return => [new(MicroKind.Return) { A = Operand.Stack }],
            OpCode.ReturnLocal => [new(MicroKind.Return) { A = Operand.Local(a1) }],
            OpCode.Closure => [new(MicroKind.Closure) { S = a1, Captures = code[(pc + 2)..next] }],
            OpCode.IterInit => [new(MicroKind.IterInit) { S = a1 }],
            OpCode.IterNext => [new(MicroKind.IterNext) { S = a1, Target = a2 }],
            OpCode.Throw => [new(MicroKind.Throw)],
            OpCode.Import => [new(MicroKind.Import) { S = a1 }],
            OpCode.ToStr => [new(MicroKind.ToStr)],
            OpCode.ConcatN => [new(MicroKind.ConcatN) { N = a1 }],
            _ => throw new NotSupportedException($"opcode {op} has no lowering"),
        };
        return new LoweredInstruction(pc, next, op, ops);
    }

    /// <summary>ForLoop: L[c] := L[c] + step; if L[c] cmp bound jump back to the target.</summary>
    private static MicroOp[] LowerForLoop(int[] code, int pc)
    {
        int c = code[pc + 1], step = code[pc + 2], bound = code[pc + 3];
        var mode = (ForLoopMode)code[pc + 4];
        int target = code[pc + 5];
        var stepOp = (mode & ForLoopMode.StepIsLocal) != 0 ? Operand.Local(step) : Operand.Imm(step);
        var boundOp = (mode & ForLoopMode.BoundIsLocal) != 0 ? Operand.Local(bound) : Operand.Imm(bound);
        var cmp = (mode & ForLoopMode.CompareMask) switch
        {
            ForLoopMode.Lt => OpCode.Lt,
            ForLoopMode.Le => OpCode.Le,
            ForLoopMode.Gt => OpCode.Gt,
            _ => OpCode.Ge,
        };
        return
        [
            new MicroOp(MicroKind.Binary) { Op = OpCode.Add, A = Operand.Local(c), B = stepOp, Dest = DestKind.Local, S = c },
            new MicroOp(MicroKind.Binary) { Op = cmp, A = Operand.Local(c), B = boundOp, Dest = DestKind.BranchIfTrue, Target = target },
        ];
    }

    /// <summary>The comparison a compare-and-jump tests (it jumps when the comparison is false).</summary>
    public static OpCode CompareOf(OpCode op) => op switch
    {
        OpCode.JumpIfNotLt or OpCode.JumpIfNotLtInt or OpCode.JumpIfNotLtK or OpCode.JumpIfNotLtLK => OpCode.Lt,
        OpCode.JumpIfNotLe or OpCode.JumpIfNotLeInt or OpCode.JumpIfNotLeK or OpCode.JumpIfNotLeLK => OpCode.Le,
        OpCode.JumpIfNotGt or OpCode.JumpIfNotGtInt or OpCode.JumpIfNotGtK or OpCode.JumpIfNotGtLK => OpCode.Gt,
        OpCode.JumpIfNotGe or OpCode.JumpIfNotGeInt or OpCode.JumpIfNotGeK or OpCode.JumpIfNotGeLK => OpCode.Ge,
        OpCode.JumpIfNotEq or OpCode.JumpIfNotEqK or OpCode.JumpIfNotEqLK => OpCode.Eq,
        _ => OpCode.Ne,
    };
}
