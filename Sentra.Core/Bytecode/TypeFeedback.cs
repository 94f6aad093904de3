namespace Sentra.Bytecode;

/// <summary>Bits of <see cref="FunctionProto.Feedback"/>.</summary>
[Flags]
public enum TypeFeedback : byte
{
    /// <summary>Nothing recorded yet.</summary>
    None = 0,
    /// <summary>An int operand was seen.</summary>
    Int = 1,
    /// <summary>A float operand was seen.</summary>
    Float = 2,
    /// <summary>A string operand was seen.</summary>
    String = 4,
    /// <summary>An operand of any other kind was seen.</summary>
    Other = 8,
    /// <summary>The instruction was quickened and later missed: it stays generic.</summary>
    Quickened = 16,
}
