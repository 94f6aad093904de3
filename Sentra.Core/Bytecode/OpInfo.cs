namespace Sentra.Bytecode;

/// <summary>One row of the opcode table.</summary>
/// <param name="Op">The opcode.</param>
/// <param name="Format">Operand layout.</param>
/// <param name="Pops">Values popped (-1: depends on the operand, see <see cref="OpTable.StackEffect"/>).</param>
/// <param name="Pushes">Values pushed.</param>
/// <param name="Meaning">Stack picture and one-line meaning.</param>
public sealed record OpInfo(OpCode Op, OperandFormat Format, int Pops, int Pushes, string Meaning);
