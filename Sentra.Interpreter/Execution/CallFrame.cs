using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>
/// One active Sentra call. Frames live in a preallocated array (no allocation per call); the
/// frame's values live on the shared value stack: the callee at Base-1, locals from Base,
/// the operand stack above the locals.
/// </summary>
internal struct CallFrame
{
    public Closure Closure;
    /// <summary>Resume offset; synced by the dispatch loop at calls and before anything that can raise.</summary>
    public int Pc;
    public int Base;
    /// <summary>Absolute stack index that receives the result: the callee slot below Base, or Base itself (CallGlobal).</summary>
    public int ResultAt;
    /// <summary>Returning from this frame leaves the dispatch loop (a host or builtin called in).</summary>
    public bool IsEntry;
    /// <summary>On an entry frame: the builtin's loop of calls this call belongs to (<see cref="Interpreter.CallEach"/>), whose next call starts in the same frame slot.</summary>
    public CallbackLoop? Loop;
}
