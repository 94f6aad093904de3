namespace Sentra.Bytecode;

/// <summary>
/// Every instruction of the Sentra stack machine. Code is an <c>int[]</c>: one slot for the
/// opcode followed by its operands (see <see cref="OpTable"/> for formats, stack effects and
/// meanings). Jump operands are absolute code offsets, so jumps of any length are exact and
/// the interpreter can resume at any instruction boundary.
/// </summary>
public enum OpCode
{
    Const,
    Nil,
    True,
    False,
    Int,
    Pop,
    PopN,
    LoadLocal,
    StoreLocal,
    LoadCell,
    StoreCell,
    NewCell,
    WrapCell,
    LoadUpval,
    StoreUpval,
    LoadGlobal,
    StoreGlobal,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Neg,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Jump,
    Loop,
    JumpIfFalse,
    JumpIfTrue,
    JumpIfFalseOrPop,
    JumpIfTrueOrPop,
    NewArray,
    NewMap,
    GetIndex,
    SetIndex,
    GetProp,
    SetProp,
    Call,
    CallMethod,
    Return,
    Closure,
    IterInit,
    IterNext,
    Throw,
    Import,

    // ---- superinstructions (emitted by the compiler for common sequences) ----
    JumpIfNotLt,
    JumpIfNotLe,
    JumpIfNotGt,
    JumpIfNotGe,
    JumpIfNotEq,
    JumpIfNotNe,
    AddLocalImm,
    AddGlobalImm,
    AddLocalLocal,
    ForLoop,
    ToStr,
    ConcatN,
    LoadLocal2,
    GetIndexK,
    SetIndexK,
    // an int literal as the right operand: one instruction instead of Int + the operator
    AddK,
    SubK,
    MulK,
    ModK,
    EqK,
    NeK,
    LtK,
    LeK,
    GtK,
    GeK,
    JumpIfNotLtK,
    JumpIfNotLeK,
    JumpIfNotGtK,
    JumpIfNotGeK,
    JumpIfNotEqK,
    JumpIfNotNeK,
    // the same with a plain local as the left operand (n - 1, if n < 2)
    AddLK,
    SubLK,
    JumpIfNotLtLK,
    JumpIfNotLeLK,
    JumpIfNotGtLK,
    JumpIfNotGeLK,
    JumpIfNotEqLK,
    JumpIfNotNeLK,
    // a[i] with a and i plain locals
    GetIndexLL,
    SetIndexLL,
    // a[k] with a a plain local and k an int literal (pairs, tuples)
    GetIndexLK,
    // m["k"] and m.k (reads and writes) with m a plain local
    GetIndexLC,
    GetPropLC,
    SetIndexLC,
    SetPropLC,
    // x + y, x - y, x * y on two plain locals
    AddLL,
    SubLL,
    MulLL,
    // return x with x a plain local (LoadLocal + Return)
    ReturnLocal,
    // f(a1..an) with f a global and arguments that cannot assign it: the callee is read
    // from its global slot by the call, never copied onto the operand stack
    CheckGlobal,
    CallGlobal,
    // the same for a plain local (arguments that cannot assign it) and for an upvalue
    // (arguments that run no code)
    CallLocal,
    CallUpval,
    // str(x) as an operand of a concatenation chain ("k" + str(i)): the CallGlobal of str,
    // skipped when G[g] is the builtin and x is an int or a string (ConcatN formats the int
    // into the result: no string for it alone)
    StrCall,

    // ---- quickened forms: written by the interpreter over a generic instruction after it
    // has seen its operand types (adaptive specialization); a miss rewrites it back ----
    AddInt,
    SubInt,
    MulInt,
    JumpIfNotLtInt,
    JumpIfNotLeInt,
    JumpIfNotGtInt,
    JumpIfNotGeInt,
}
