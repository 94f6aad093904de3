using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace Sentra.Jit.Emit;

/// <summary>
/// The emitter's view of an <see cref="ILGenerator"/>: every instruction goes through here, so
/// that <c>--dump-il</c> can print a readable listing (labels, locals by name, methods by
/// declaring type) of exactly what was emitted.
/// </summary>
internal sealed class Il(ILGenerator il, bool log)
{
    private readonly StringBuilder? _text = log ? new StringBuilder() : null;
    private readonly Dictionary<Label, int> _labelIds = [];
    private readonly Dictionary<LocalBuilder, string> _localNames = [];

    /// <summary>The generator, for what this class does not wrap (exception blocks, the IL offset); a held-back branch is emitted first.</summary>
    public ILGenerator Generator
    {
        get
        {
            Flush();
            return il;
        }
    }

    // An unconditional branch is held back until the next instruction or label: a branch to
    // the label marked right after it (the translator ends every instruction with a branch to
    // the next one) is dropped. Each such branch would make its target a basic block of its
    // own, and the .NET JIT's time grows with the blocks and the IL it reads.
    private Label? _pendingBr;

    private void Flush()
    {
        if (_pendingBr is not { } l) return;
        _pendingBr = null;
        il.Emit(OpCodes.Br, l);
        if (Listing) Line(OpCodes.Br, Name(l));
    }

    /// <summary>The listing (empty unless logging).</summary>
    public string Text => _text?.ToString() ?? "";

    /// <summary>Whether a listing is being written (callers skip building comment text otherwise).</summary>
    public bool Listing => _text is not null;

    public Label DefineLabel() => il.DefineLabel();

    public LocalBuilder DeclareLocal(Type t, string name)
    {
        var l = il.DeclareLocal(t);
        if (_text is not null) _localNames[l] = name;
        return l;
    }

    public void Mark(Label l)
    {
        if (_pendingBr == l) _pendingBr = null;
        else Flush();
        il.MarkLabel(l);
        _text?.Append(Name(l)).Append(":\n");
    }

    /// <summary>A comment line in the listing (the bytecode instruction being translated).</summary>
    public void Comment(string s) => _text?.Append("  // ").Append(s).Append('\n');

    public void Emit(OpCode op) { Flush(); il.Emit(op); Line(op, ""); }
    // the operand's text is built only for a listing (--dump-il)
    public void Emit(OpCode op, int x) { Flush(); il.Emit(op, x); if (Listing) Line(op, x.ToString(CultureInfo.InvariantCulture)); }
    public void Emit(OpCode op, long x) { Flush(); il.Emit(op, x); if (Listing) Line(op, x.ToString(CultureInfo.InvariantCulture)); }
    public void Emit(OpCode op, double x) { Flush(); il.Emit(op, x); if (Listing) Line(op, x.ToString("R", CultureInfo.InvariantCulture)); }
    public void Emit(OpCode op, string s) { Flush(); il.Emit(op, s); if (Listing) Line(op, "\"" + s + "\""); }
    public void Emit(OpCode op, Label l)
    {
        Flush();
        if (op == OpCodes.Br)
        {
            _pendingBr = l;
            return;
        }
        il.Emit(op, l);
        if (Listing) Line(op, Name(l));
    }
    public void Emit(OpCode op, Label[] ls) { Flush(); il.Emit(op, ls); if (Listing) Line(op, string.Join(", ", ls.Select(Name))); }
    public void Emit(OpCode op, LocalBuilder l) { Flush(); il.Emit(op, l); if (Listing) Line(op, _localNames.GetValueOrDefault(l, "V_" + l.LocalIndex)); }
    public void Emit(OpCode op, Type t) { Flush(); il.Emit(op, t); if (Listing) Line(op, t.Name); }
    public void Emit(OpCode op, FieldInfo f) { Flush(); il.Emit(op, f); if (Listing) Line(op, f.DeclaringType?.Name + "::" + f.Name); }
    /// <summary>While set, calls of the helpers in it go to their non-inlined twins (<see cref="ColdCalls"/>): code that runs once or rarely.</summary>
    public Dictionary<MethodInfo, MethodInfo>? Cold;

    public void Emit(OpCode op, MethodInfo m) { Flush(); if (Cold is not null && op == OpCodes.Call && Cold.TryGetValue(m, out var twin)) m = twin; il.Emit(op, m); if (Listing) Line(op, (m.DeclaringType?.Name ?? "dynamic") + "::" + m.Name); }
    public void Emit(OpCode op, ConstructorInfo c) { Flush(); il.Emit(op, c); if (Listing) Line(op, c.DeclaringType?.Name + "::.ctor"); }

    /// <summary>ldarg.s 4: the compiled method's entry pc argument.</summary>
    public void EntryPcArg()
    {
        Flush();
        il.Emit(OpCodes.Ldarg_S, (byte)4);
        Line(OpCodes.Ldarg_S, "4");
    }

    /// <summary>ldarg.s of the compiled method's i-th argument (the typed entry's ints).</summary>
    public void TypedArg(int i)
    {
        Flush();
        il.Emit(OpCodes.Ldarg_S, (byte)i);
        if (Listing) Line(OpCodes.Ldarg_S, i.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>ldc.i4 in its shortest form.</summary>
    public void Int(int x)
    {
        switch (x)
        {
            case -1: Emit(OpCodes.Ldc_I4_M1); return;
            case 0: Emit(OpCodes.Ldc_I4_0); return;
            case 1: Emit(OpCodes.Ldc_I4_1); return;
            case 2: Emit(OpCodes.Ldc_I4_2); return;
            default:
                if (x is >= sbyte.MinValue and <= sbyte.MaxValue) { Flush(); il.Emit(OpCodes.Ldc_I4_S, (sbyte)x); if (Listing) Line(OpCodes.Ldc_I4_S, x.ToString(CultureInfo.InvariantCulture)); }
                else Emit(OpCodes.Ldc_I4, x);
                return;
        }
    }

    private string Name(Label l)
    {
        if (_text is null) return "";
        if (!_labelIds.TryGetValue(l, out int id)) _labelIds[l] = id = _labelIds.Count;
        return "L" + id.ToString(CultureInfo.InvariantCulture);
    }

    private void Line(OpCode op, string operand)
    {
        if (_text is null) return;
        _text.Append("    ").Append(op.Name);
        if (operand.Length > 0) _text.Append(' ').Append(operand);
        _text.Append('\n');
    }
}
