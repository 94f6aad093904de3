using System.Globalization;
using System.Text;
using Sentra.Runtime;

namespace Sentra.Bytecode;

/// <summary>Readable listing of compiled code, one helper per operand format (STYLE practice 10).</summary>
public static class Disassembler
{
    // operands start one column after the longest opcode name, so they line up in every listing
    private static readonly int s_nameWidth = LongestName() + 1;

    private static int LongestName()
    {
        int longest = 0;
        foreach (var row in OpTable.Rows) longest = Math.Max(longest, row.Op.ToString().Length);
        return longest;
    }

    /// <summary>The listing of a whole script: the top level, then every nested function.</summary>
    public static string Disassemble(CompiledScript script)
    {
        var sb = new StringBuilder();
        Function(sb, script.Main, script.GlobalNames);
        return sb.ToString();
    }

    /// <summary>Appends the listing of one function and its nested functions; global slots are named when <paramref name="globalNames"/> is given.</summary>
    public static void Function(StringBuilder sb, FunctionProto proto, string[]? globalNames = null)
    {
        sb.Append("== ").Append(proto.IsTopLevel ? "<script>" : proto.Name)
          .Append(" (arity ").Append(proto.Arity)
          .Append(", locals ").Append(proto.MaxLocals)
          .Append(", stack ").Append(proto.MaxStack)
          .Append(", upvalues ").Append(proto.UpvalueCount).Append(") ==\n");
        int lastLine = -1;
        for (int pc = 0; pc < proto.Code.Length;)
        {
            int line = proto.Lines.LineOf(pc);
            string lineText = line == lastLine ? "   |" : line.ToString(CultureInfo.InvariantCulture).PadLeft(4);
            lastLine = line;
            sb.Append(pc.ToString("D4", CultureInfo.InvariantCulture)).Append(' ').Append(lineText).Append("  ");
            pc = Instruction(sb, proto, pc, globalNames);
            sb.Append('\n');
        }
        foreach (var h in proto.Handlers)
        {
            sb.Append("  handler [").Append(h.Start).Append(", ").Append(h.End).Append(") -> ").Append(h.Target)
              .Append(" depth ").Append(h.StackDepth).Append(h.IsFinally ? " finally" : " catch").Append('\n');
        }
        foreach (var child in proto.Protos)
        {
            sb.Append('\n');
            Function(sb, child, globalNames);
        }
    }

    /// <summary>Appends one instruction and returns the next pc.</summary>
    public static int Instruction(StringBuilder sb, FunctionProto proto, int pc, string[]? globalNames = null)
    {
        var code = proto.Code;
        var op = (OpCode)code[pc];
        var info = OpTable.Get(op);
        if (info.Format == OperandFormat.None)
        {
            sb.Append(op.ToString());
            return pc + 1;
        }
        sb.Append(op.ToString().PadRight(s_nameWidth));
        switch (info.Format)
        {
            case OperandFormat.Const:
                sb.Append(code[pc + 1]).Append(" (").Append(Show(proto.Constants[code[pc + 1]])).Append(')');
                return pc + 2;
            case OperandFormat.Global:
                Global(code[pc + 1]);
                return pc + 2;
            case OperandFormat.Slot:
            case OperandFormat.Upval:
            case OperandFormat.Count:
            case OperandFormat.Imm:
                sb.Append(code[pc + 1]);
                return pc + 2;
            case OperandFormat.Jump:
                sb.Append("-> ").Append(code[pc + 1]);
                return pc + 2;
            case OperandFormat.ConstCount:
                sb.Append(code[pc + 1]).Append(" (").Append(Show(proto.Constants[code[pc + 1]])).Append(") args ").Append(code[pc + 2]);
                return pc + 3;
            case OperandFormat.SlotImm:
            case OperandFormat.SlotSlot:
                sb.Append(code[pc + 1]).Append(", ").Append(code[pc + 2]);
                return pc + 3;
            case OperandFormat.GlobalImm:
                Global(code[pc + 1]);
                sb.Append(", ").Append(code[pc + 2]);
                return pc + 3;
            case OperandFormat.GlobalCount:
                Global(code[pc + 1]);
                sb.Append(" args ").Append(code[pc + 2]);
                return pc + 3;
            case OperandFormat.SlotCount:
            case OperandFormat.UpvalCount:
                sb.Append(code[pc + 1]).Append(" args ").Append(code[pc + 2]);
                return pc + 3;
            case OperandFormat.ForLoop:
                {
                    var mode = (ForLoopMode)code[pc + 4];
                    string cmp = (mode & ForLoopMode.CompareMask) switch { ForLoopMode.Lt => "<", ForLoopMode.Le => "<=", ForLoopMode.Gt => ">", _ => ">=" };
                    sb.Append(code[pc + 1])
                      .Append(" += ").Append((mode & ForLoopMode.StepIsLocal) != 0 ? $"local {code[pc + 2]}" : code[pc + 2].ToString(CultureInfo.InvariantCulture))
                      .Append(' ').Append(cmp).Append(' ').Append((mode & ForLoopMode.BoundIsLocal) != 0 ? $"local {code[pc + 3]}" : code[pc + 3].ToString(CultureInfo.InvariantCulture))
                      .Append(" -> ").Append(code[pc + 5]);
                    return pc + 6;
                }
            case OperandFormat.SlotConst:
                sb.Append(code[pc + 1]).Append(", ").Append(code[pc + 2]).Append(" (").Append(Show(proto.Constants[code[pc + 2]])).Append(')');
                return pc + 3;
            case OperandFormat.SlotImmJump:
                sb.Append(code[pc + 1]).Append(", ").Append(code[pc + 2]).Append(" -> ").Append(code[pc + 3]);
                return pc + 4;
            case OperandFormat.SlotJump:
            case OperandFormat.ImmJump:
                sb.Append(code[pc + 1]).Append(" -> ").Append(code[pc + 2]);
                return pc + 3;
            case OperandFormat.Closure:
                {
                    var child = proto.Protos[code[pc + 1]];
                    sb.Append(code[pc + 1]).Append(" (").Append(child.Name).Append(')');
                    for (int i = 0; i < child.UpvalueCount; i++)
                    {
                        int d = code[pc + 2 + i];
                        sb.Append(d >= 0 ? $" local {d}" : $" upvalue {~d}");
                    }
                    return pc + 2 + child.UpvalueCount;
                }
            default:
                throw new InvalidOperationException(info.Format.ToString());
        }

        void Global(int g)
        {
            sb.Append(g);
            if (globalNames is not null && g < globalNames.Length) sb.Append(" (").Append(globalNames[g]).Append(')');
        }
    }

    private static string Show(Value v) => v.IsString ? "\"" + v.AsStringUnchecked.Replace("\n", "\\n") + "\"" : ValueFormatter.ToDisplayString(v);
}
