using Sentra.Bytecode;
using Sentra.Jit.Tiering;
using Sentra.Runtime;

namespace Sentra.Jit.Emit;

/// <summary>
/// What one compiled method refers to at run time: the delegate's target (IL argument 0).
/// A DynamicMethod cannot embed object constants, so builtins bound at compile time, callee
/// units and the function's constants are read from here.
/// </summary>
public sealed class JitUnit
{
    internal JitUnit(FunctionProto proto, FunctionRecord record, JitBackend backend, bool stress)
    {
        Proto = proto;
        Constants = proto.Constants;
        InlineCache = proto.InlineCache;
        Record = record;
        Backend = backend;
        Stress = stress;
    }

    public readonly FunctionProto Proto;
    public readonly Value[] Constants;
    /// <summary>The proto's inline caches (shared with the interpreter), one load closer for compiled map accesses.</summary>
    public readonly int[] InlineCache;
    /// <summary>Objects the code compares against or calls (bound builtins, callee units).</summary>
    public object[] Objects = [];
    internal readonly FunctionRecord Record;
    internal readonly JitBackend Backend;
    internal readonly bool Stress;
    /// <summary>Whether the compiled method has the typed entry (int arguments as IL arguments, entry pc -1).</summary>
    public bool TypedEntry;
    /// <summary>What each guard site checks (by site index), for deopt statistics.</summary>
    public string[] Sites = [];

    /// <summary>
    /// Where a guard site of the deopt exit resumes: the pc, and for each interpreter slot
    /// (locals, then the operand stack) where the exit stored its value: -1 for nil, else
    /// index * 8 + kind, the index into the exit's array of that kind (ints and bools, floats, values).
    /// </summary>
    public sealed record DeoptPoint(int Pc, int[] Where);

    /// <summary>The deopt exit's table, by site index (null for sites that do not go through one).</summary>
    public DeoptPoint?[] DeoptPoints = [];
}
