// Deoptimization exits. A failing guard in compiled code sets its site number and branches
// to the deopt exit of its slot layout, which stores the slot locals, unboxed, into arrays
// of their kind and calls DeoptAt: the site's table entry (the snapshot of the frame at that
// point: the kind of each interpreter slot, and the pc) says how to box them into the
// interpreter's frame. Deopt counts the failure for the tiering policy and hands the frame to the
// interpreter, which finishes the call from that pc. No .NET exception is involved.
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
    /// The deopt exit: the guard at <paramref name="site"/> failed with the slot locals'
    /// values in <paramref name="raw"/> (ints; bools as 0 or 1), <paramref name="floats"/> and
    /// <paramref name="values"/>; the site's table entry picks and boxes each slot's.
    /// </summary>
    public static Value DeoptAt(JitUnit unit, Interpreter interp, int fp, Closure closure, int site, long[]? raw, double[]? floats, Value[]? values)
    {
        var point = unit.DeoptPoints[site]!;
        var where = point.Where;
        int nLocals = closure.Proto.MaxLocals;
        var locals = new Value[nLocals];
        var stack = where.Length == nLocals ? [] : new Value[where.Length - nLocals];
        for (int pos = 0; pos < where.Length; pos++)
        {
            int w = where[pos];
            var v = w < 0 ? Value.Nil : (Kind)(w & 7) switch
            {
                Kind.I => Value.FromInt(raw![w >> 3]),
                Kind.B => Value.FromBool(raw![w >> 3] != 0),
                Kind.F => Value.FromFloat(floats![w >> 3]),
                _ => values![w >> 3],
            };
            if (pos < nLocals) locals[pos] = v;
            else stack[pos - nLocals] = v;
        }
        return Deopt(unit, interp, fp, closure, point.Pc, site, locals, stack);
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
