namespace Sentra.Bytecode;

/// <summary>Bits of <see cref="FunctionProto.Feedback"/>.</summary>
[Flags]
public enum TypeFeedback : byte
{
    None = 0,
    Int = 1,
    Float = 2,
    String = 4,
    Other = 8,
    /// <summary>The instruction was quickened and later missed: it stays generic.</summary>
    Quickened = 16,
}
