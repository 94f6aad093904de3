using Sentra.Runtime;

namespace Sentra.Bytecode;

/// <summary>
/// A compiled function: its code, constants, nested functions and metadata. Immutable after
/// compilation except for the feedback/quickening data the interpreter records, so it can be
/// shared by all closures and runs of a script.
/// </summary>
public sealed class FunctionProto
{
    /// <summary>The function's name (<c>&lt;script&gt;</c> for a top level, <c><c>&lt;lambda&gt;</c> style names for literalslt;lambda<c>&lt;lambda&gt;</c> style names for literalsgt;</c> for a function literal).</summary>
    public required string Name { get; init; }
    /// <summary>The file it was compiled from.</summary>
    public required string File { get; init; }
    /// <summary>The number of declared parameters.</summary>
    public required int Arity { get; init; }
    /// <summary>The instructions: an opcode slot followed by its operands (<see cref="OpTable"/>); quickening rewrites opcodes in place.</summary>
    public required int[] Code { get; init; }
    /// <summary>The constant table that <c>Const</c> and friends index.</summary>
    public required Value[] Constants { get; init; }
    /// <summary>The functions defined inside this one, indexed by <c>Closure</c>.</summary>
    public required FunctionProto[] Protos { get; init; }
    /// <summary>The number of captured variables a closure of this function holds.</summary>
    public required int UpvalueCount { get; init; }
    /// <summary>Local slots (parameters first); the operand stack starts above them.</summary>
    public required int MaxLocals { get; init; }
    /// <summary>Maximum operand-stack depth, computed while emitting.</summary>
    public required int MaxStack { get; init; }
    /// <summary>The pc-to-position table for errors and traces.</summary>
    public required LineTable Lines { get; init; }
    /// <summary>The try/catch/finally regions, innermost first.</summary>
    public required ExceptionHandler[] Handlers { get; init; }
    /// <summary>Line of the declaration.</summary>
    public int Line { get; init; }
    /// <summary>Whether this is a script/module body (top level) rather than a function.</summary>
    public bool IsTopLevel { get; init; }

    /// <summary>
    /// Per-instruction type feedback (indexed by the opcode's pc), written by the interpreter
    /// on the slow paths of arithmetic and comparisons: the <see cref="TypeFeedback"/> kinds
    /// of the operands seen there. 0 at an executed instruction means "only the int/float
    /// fast path was taken". The JIT reads it to decide what to speculate on. Writes are
    /// idempotent bit-ors, so sharing a proto across threads is harmless.
    /// </summary>
    public byte[] Feedback { get; init; } = [];

    /// <summary>Inline caches (indexed by pc) of property instructions: the map entry index found last time.</summary>
    public int[] InlineCache { get; init; } = [];

    /// <summary>Operand-stack depth before each instruction (computed by the verifier); -1 off instruction boundaries or unreachable.</summary>
    public int[] DepthAt { get; internal set; } = [];

    /// <summary>
    /// Calls left before the interpreter asks its tier backend about this function again
    /// (the per-function call counter). It starts at 0, so the first call of a function on
    /// an engine with a tier backend lets the backend set it (its threshold) or compile at
    /// once; it stays negative while compiled code exists, so every call of an engine that
    /// runs compiled code reaches it. Racy decrements are harmless: a lost count only
    /// shifts the moment of compilation.
    /// </summary>
    public int JitHeat;

    /// <summary>
    /// The tier backend's compiled entry for this function (null while interpreted), an
    /// opaque object to Core. Published with a release store once complete, so another
    /// thread running the same script either sees the finished code or none.
    /// </summary>
    public object? JitCode;

    /// <summary>The tier backend's per-function record (counts, deopts, state); opaque to Core.</summary>
    public object? JitInfo;

    /// <summary>Frame size in value slots.</summary>
    public int FrameSize => MaxLocals + MaxStack;

    /// <summary>Finds the innermost handler covering pc, or -1.</summary>
    public int FindHandler(int pc)
    {
        var hs = Handlers;
        for (int i = 0; i < hs.Length; i++)
        {
            if (pc >= hs[i].Start && pc < hs[i].End) return i;
        }
        return -1;
    }

    /// <inheritdoc/>
    public override string ToString() => $"<fn {Name}>";
}
