namespace Sentra.Runtime;

/// <summary>A variable captured by a closure: shared by reference between frames (SPEC 3.9.5).</summary>
public sealed class Cell : SentraObject
{
    /// <summary>The variable's current value.</summary>
    public Value Value;
    /// <summary>A cell holding nil.</summary>
    public Cell() { }
    /// <summary>A cell holding <paramref name="v"/>.</summary>
    public Cell(Value v) => Value = v;
    /// <summary>Cells are never values a script sees.</summary>
    public override ValueKind Kind => ValueKind.Undefined;
}
