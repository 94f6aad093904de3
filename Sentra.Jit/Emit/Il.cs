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

    public ILGenerator Generator => il;

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
        il.MarkLabel(l);
        _text?.Append(Name(l)).Append(":\n");
    }

    /// <summary>A comment line in the listing (the bytecode instruction being translated).</summary>
    public void Comment(string s) => _text?.Append("  // ").Append(s).Append('\n');

    public void Emit(OpCode op) { il.Emit(op); Line(op, ""); }
    // the operand's text is built only for a listing (--dump-il)
    public void Emit(OpCode op, int x) { il.Emit(op, x); if (Listing) Line(op, x.ToString(CultureInfo.InvariantCulture)); }
    public void Emit(OpCode op, long x) { il.Emit(op, x); if (Listing) Line(op, x.ToString(CultureInfo.InvariantCulture)); }
    public void Emit(OpCode op, double x) { il.Emit(op, x); if (Listing) Line(op, x.ToString("R", CultureInfo.InvariantCulture)); }
    public void Emit(OpCode op, string s) { il.Emit(op, s); if (Listing) Line(op, "\"" + s + "\""); }
    public void Emit(OpCode op, Label l) { il.Emit(op, l); if (Listing) Line(op, Name(l)); }
    public void Emit(OpCode op, Label[] ls) { il.Emit(op, ls); if (Listing) Line(op, string.Join(", ", ls.Select(Name))); }
    public void Emit(OpCode op, LocalBuilder l) { il.Emit(op, l); if (Listing) Line(op, _localNames.GetValueOrDefault(l, "V_" + l.LocalIndex)); }
    public void Emit(OpCode op, Type t) { il.Emit(op, t); if (Listing) Line(op, t.Name); }
    public void Emit(OpCode op, FieldInfo f) { il.Emit(op, f); if (Listing) Line(op, f.DeclaringType?.Name + "::" + f.Name); }
    public void Emit(OpCode op, MethodInfo m) { il.Emit(op, m); if (Listing) Line(op, (m.DeclaringType?.Name ?? "dynamic") + "::" + m.Name); }
    public void Emit(OpCode op, ConstructorInfo c) { il.Emit(op, c); if (Listing) Line(op, c.DeclaringType?.Name + "::.ctor"); }

    /// <summary>ldarg.s 4: the compiled method's entry pc argument.</summary>
    public void EntryPcArg()
    {
        il.Emit(OpCodes.Ldarg_S, (byte)4);
        Line(OpCodes.Ldarg_S, "4");
    }

    /// <summary>ldarg.s of the compiled method's i-th argument (the typed entry's ints).</summary>
    public void TypedArg(int i)
    {
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
                if (x is >= sbyte.MinValue and <= sbyte.MaxValue) { il.Emit(OpCodes.Ldc_I4_S, (sbyte)x); if (Listing) Line(OpCodes.Ldc_I4_S, x.ToString(CultureInfo.InvariantCulture)); }
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
