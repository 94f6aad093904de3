using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>
/// A compiled function's entry: runs <paramref name="closure"/> from <paramref name="entryPc"/>
/// (0 for a call; a loop header for on-stack replacement) with the frame's slots read from
/// <paramref name="frame"/> (locals from index 0, then the operand stack at MaxLocals), and
/// returns the function's result. The slots are read before anything else runs, so the
/// caller's stack may be reused once the code has started. The code pushes its own frame
/// record on the interpreter's frame stack, so depth, traces and handlers see it.
/// </summary>
public delegate Value CompiledCode(Interpreter interp, Closure closure, ref Value frame, int entryPc);
