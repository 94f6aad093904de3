namespace Sentra.Bytecode;

/// <summary>Mode bits of <see cref="OpCode.ForLoop"/>.</summary>
[Flags]
public enum ForLoopMode
{
    /// <summary>The step operand is a local slot (else an immediate int).</summary>
    StepIsLocal = 1,
    /// <summary>The bound operand is a local slot (else an immediate int).</summary>
    BoundIsLocal = 2,
    /// <summary>Comparison: 0 = &lt;, 4 = &lt;=, 8 = &gt;, 12 = &gt;=.</summary>
    CompareMask = 12,
    /// <summary>Loop while <c>i &lt; bound</c>.</summary>
    Lt = 0,
    /// <summary>Loop while <c>i &lt;= bound</c>.</summary>
    Le = 4,
    /// <summary>Loop while <c>i &gt; bound</c>.</summary>
    Gt = 8,
    /// <summary>Loop while <c>i &gt;= bound</c>.</summary>
    Ge = 12,
}
