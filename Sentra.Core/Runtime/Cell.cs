namespace Sentra.Runtime;

/// <summary>A variable captured by a closure: shared by reference between frames (SPEC 3.9.5).</summary>
public sealed class Cell : SentraObject
{
    public Value Value;
    public Cell() { }
    public Cell(Value v) => Value = v;
    public override ValueKind Kind => ValueKind.Undefined;
}
