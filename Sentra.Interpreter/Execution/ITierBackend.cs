using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>
/// A second execution tier plugged into the interpreter (Sentra.Jit's JitBackend). The
/// interpreter keeps the counters and calls these hooks on its slow paths only: a call of a
/// function whose <see cref="Bytecode.FunctionProto.JitHeat"/> ran out, and the periodic
/// re-entry of its dispatch loop at a loop header. Implementations are shared by every engine
/// with the same options and must be thread-safe.
/// </summary>
public interface ITierBackend
{
    /// <summary>
    /// A call of <paramref name="closure"/> whose call counter ran out: returns the compiled
    /// code to run this call with (compiling it now if the function became hot), or null to
    /// interpret it. Resets the counter when it returns null. <paramref name="args"/> are the
    /// call's arguments (what the compiled code may speculate on).
    /// </summary>
    CompiledCode? OnCall(Closure closure, ReadOnlySpan<Value> args);

    /// <summary>
    /// The interpreter re-entered its loop with the innermost frame (of <paramref name="closure"/>)
    /// at <paramref name="pc"/>, a loop header or a function entry: returns code that can be
    /// entered there (on-stack replacement), or null to keep interpreting. <paramref name="frame"/>
    /// holds the frame's locals.
    /// </summary>
    CompiledCode? OnLoop(Closure closure, int pc, ReadOnlySpan<Value> frame);

    /// <summary>Steps (back edges and calls) between the interpreter's re-entries, where it asks <see cref="OnLoop"/>.</summary>
    int LoopCheckInterval { get; }
}
