using Sentra.Runtime;

namespace Sentra.Bytecode;

/// <summary>A protected code range and where its handler starts (SPEC 3.12).</summary>
/// <param name="Start">First protected offset.</param>
/// <param name="End">One past the last protected offset.</param>
/// <param name="Target">Handler entry; the raised value is pushed there.</param>
/// <param name="StackDepth">Operand-stack depth (above the locals) to restore before pushing.</param>
/// <param name="IsFinally">A finally handler receives the pending error itself (so that
/// re-raising it keeps its kind and trace); a catch handler receives the raised value.</param>
public readonly record struct ExceptionHandler(int Start, int End, int Target, int StackDepth, bool IsFinally);

/// <summary>
/// A compiled function: its code, constants, nested functions and metadata. Immutable after
/// compilation except for the feedback/quickening data the interpreter records, so it can be
/// shared by all closures and runs of a script.
/// </summary>
public sealed class FunctionProto
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required int Arity { get; init; }
    public required int[] Code { get; init; }
    public required Value[] Constants { get; init; }
    public required FunctionProto[] Protos { get; init; }
    public required int UpvalueCount { get; init; }
    /// <summary>Local slots (parameters first); the operand stack starts above them.</summary>
    public required int MaxLocals { get; init; }
    /// <summary>Maximum operand-stack depth, computed while emitting.</summary>
    public required int MaxStack { get; init; }
    public required LineTable Lines { get; init; }
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

    public override string ToString() => $"<fn {Name}>";
}

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

/// <summary>
/// Compact pc-to-line map: parallel arrays of (first pc, line), one entry per line change,
/// decoded by binary search only when an error or trace needs it.
/// </summary>
public sealed class LineTable
{
    private readonly int[] _pcs;
    private readonly int[] _lines;

    public LineTable(int[] pcs, int[] lines)
    {
        _pcs = pcs;
        _lines = lines;
    }

    public int LineOf(int pc)
    {
        int idx = Search(pc);
        if (idx < 0) idx = ~idx - 1;
        if (idx < 0) return _lines.Length > 0 ? _lines[0] : 0;
        return _lines[idx];
    }

    public int Count => _pcs.Length;

    /// <summary>
    /// Array.BinarySearch's algorithm, step for step (so equal pcs resolve as before), written
    /// out: the framework's generic sort helper for int is not in the precompiled image, and
    /// every run that raised an error JIT-compiled it.
    /// </summary>
    private int Search(int pc)
    {
        int lo = 0, hi = _pcs.Length - 1;
        while (lo <= hi)
        {
            int i = lo + ((hi - lo) >> 1);
            int c = _pcs[i].CompareTo(pc);
            if (c == 0) return i;
            if (c < 0) lo = i + 1;
            else hi = i - 1;
        }
        return ~lo;
    }
}

/// <summary>A compiled script or module: the top-level function and its global-slot layout.</summary>
public sealed class CompiledScript
{
    public required FunctionProto Main { get; init; }
    /// <summary>Name of every global slot; slots [0, BuiltinCount) are the builtins.</summary>
    public required string[] GlobalNames { get; init; }
    /// <summary>Exported name -> global slot.</summary>
    public required IReadOnlyDictionary<string, int> Exports { get; init; }
    public required string File { get; init; }
    public required string Source { get; init; }
    /// <summary>Names of the global constants (a session's next piece keeps them constant).</summary>
    public IReadOnlySet<string> GlobalConsts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A fresh global array: builtins in their slots, everything else undefined.</summary>
    public Value[] CreateGlobals()
    {
        var g = new Value[GlobalNames.Length];
        var builtins = Builtins.BuiltinRegistry.Globals;
        for (int i = 0; i < g.Length; i++) g[i] = i < builtins.Length ? builtins[i] : Value.Undefined;
        return g;
    }
}
