using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>
/// An interpreter frame state built outside the interpreter (the JIT's deoptimization, or a
/// test): the function, the pc to resume at, the local slots and the operand stack.
/// </summary>
public sealed class FrameState
{
    public required Closure Closure { get; init; }
    public required int Pc { get; init; }
    public required Value[] Locals { get; init; }
    public required Value[] Stack { get; init; }
}
