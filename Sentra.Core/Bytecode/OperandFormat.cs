namespace Sentra.Bytecode;

/// <summary>How an instruction's operands are laid out after the opcode slot.</summary>
public enum OperandFormat
{
    /// <summary>No operand.</summary>
    None,
    /// <summary>A local slot index.</summary>
    Slot,
    /// <summary>An index into the constant table.</summary>
    Const,
    /// <summary>A module global slot index.</summary>
    Global,
    /// <summary>An index into the closure's captured cells.</summary>
    Upval,
    /// <summary>An absolute code offset.</summary>
    Jump,
    /// <summary>A count (arguments, elements, pairs, values to pop).</summary>
    Count,
    /// <summary>An immediate signed 32-bit integer.</summary>
    Imm,
    /// <summary>A constant index (name) then an argument count.</summary>
    ConstCount,
    /// <summary>A local slot then an absolute code offset.</summary>
    SlotJump,
    /// <summary>A nested-function index, then one descriptor per upvalue (&gt;= 0: enclosing local slot; &lt; 0: ~enclosing upvalue index).</summary>
    Closure,
    /// <summary>A local slot then an immediate signed integer.</summary>
    SlotImm,
    /// <summary>A global slot then an immediate signed integer.</summary>
    GlobalImm,
    /// <summary>A local slot then an index into the constant table (a name).</summary>
    SlotConst,
    /// <summary>Two local slots.</summary>
    SlotSlot,
    /// <summary>An immediate signed integer then an absolute code offset.</summary>
    ImmJump,
    /// <summary>A local slot, an immediate signed integer, then an absolute code offset.</summary>
    SlotImmJump,
    /// <summary>A module global slot then a count (arguments).</summary>
    GlobalCount,
    /// <summary>A local slot then a count (arguments).</summary>
    SlotCount,
    /// <summary>An index into the closure's captured cells then a count (arguments).</summary>
    UpvalCount,
    /// <summary>Counter slot, step, bound, mode (<see cref="ForLoopMode"/> bits), then an absolute code offset.</summary>
    ForLoop,
}
