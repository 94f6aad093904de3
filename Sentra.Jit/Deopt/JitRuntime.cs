// Deoptimization exits. A failing guard in compiled code branches to a stub emitted for its
// instruction: the stub boxes every live IL local (the snapshot of the frame at that
// instruction's start: which local or stack entry holds which interpreter slot) into the two
// arrays the interpreter's frame is rebuilt from, then returns Deopt's result. Deopt counts
// the failure for the tiering policy and hands the frame to the interpreter, which finishes
// the call from that pc. No .NET exception is involved.
using Sentra.Execution;
using Sentra.Jit.Emit;
using Sentra.Runtime;

namespace Sentra.Jit.Deopt;

/// <summary>The runtime side of deoptimization and of the deopt-stress tier.</summary>
public static class JitRuntime
{
    /// <summary>A guard at <paramref name="site"/> failed: the interpreter resumes the call at <paramref name="pc"/>.</summary>
    public static Value Deopt(JitUnit unit, Interpreter interp, int fp, Closure closure, int pc, int site, Value[] locals, Value[] stack)
    {
        unit.Backend.NoteDeopt(unit, pc, site);
        return interp.JitDeopt(fp, closure, pc, locals, stack);
    }

    /// <summary>
    /// An entry guard failed (an argument, or a slot at an on-stack-replacement entry, is not
    /// of the kind the code was compiled for): the interpreter runs the call from
    /// <paramref name="pc"/> with the frame's slots as they are.
    /// </summary>
    public static Value DeoptFromFrame(JitUnit unit, Interpreter interp, int fp, Closure closure, ref Value frame, int pc, int site, int copied, int depth)
    {
        int maxLocals = closure.Proto.MaxLocals;
        var locals = JitOps.CopySlots(ref frame, copied, maxLocals);
        var stack = depth == 0 ? [] : JitOps.CopySlots(ref JitOps.At(ref frame, maxLocals), depth, depth);
        unit.Backend.NoteDeopt(unit, pc, site);
        return interp.JitDeopt(fp, closure, pc, locals, stack);
    }

    /// <summary>The deopt-stress tier's guard: fails one check in every JitOptions.StressPeriod.</summary>
    public static bool StressFail(JitUnit unit) => unit.Backend.StressTick();
}
