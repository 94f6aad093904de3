// Inline paths for ordinary text processing: a string indexed at an int, a string compared
// with a string constant (== and != with any constant, ordering with a one-character one),
// and push on an array through the registry's builtin. Each path starts with an exact type
// test of the value and falls back to the generic helper the interpreter's semantics live
// in (a built string, nil, another kind), so nothing here needs a guard or a deopt.
using System.Reflection;
using System.Reflection.Emit;
using Sentra.Builtins;
using Sentra.Jit.Lowering;
using Sentra.Runtime;
using BcOp = Sentra.Bytecode.OpCode;
using OpCodes = System.Reflection.Emit.OpCodes;

namespace Sentra.Jit.Emit;

internal sealed partial class MethodCompiler
{
    private static readonly MethodInfo s_stringLength = typeof(string).GetProperty(nameof(string.Length))!.GetMethod!;
    private static readonly MethodInfo s_stringChars = typeof(string).GetMethod("get_Chars", [typeof(int)])!;
    private static readonly MethodInfo s_stringCharAt = M(typeof(JitOps), nameof(JitOps.StringCharAt));
    private static readonly MethodInfo s_arrayAdd = typeof(SentraArray).GetMethod(nameof(SentraArray.Add), [typeof(Value)])!;

    private LocalBuilder? _str;
    private Dictionary<int, LoweredInstruction>? _before; // the instruction before each, by pc

    /// <summary>
    /// The string constant operand s is known to be: a constant operand, or the operand-stack
    /// top at the start of the current instruction when the instruction just before it is a
    /// push of that constant and nothing else jumps in between. Null otherwise.
    /// </summary>
    private string? KnownString(Src s, MicroOp m)
    {
        if (s.IsGlobal) return null;
        if (s.Pos < 0) return s.Const.Kind == OperandKind.Const ? _proto.Constants[(int)s.Const.Value].RawObj as string : null;
        if (!ReferenceEquals(_ins.Ops[0], m) || s.Pos != _states[_ins.Pc].Length - 1 || _jumpTargets.Contains(_ins.Pc)) return null;
        if (_before is null)
        {
            _before = [];
            for (int k = 1; k < _inOrder.Count; k++) _before[_inOrder[k].Pc] = _inOrder[k - 1];
        }
        if (!_before.TryGetValue(_ins.Pc, out var before)) return null;
        if (before.Next != _ins.Pc || before.Ops is not [{ Kind: MicroKind.Push } push] || push.A.Kind != OperandKind.Const) return null;
        return _proto.Constants[(int)push.A.Value].RawObj as string;
    }

    /// <summary>
    /// x == k, x != k (any string constant k) and x &lt; k, x &lt;= k, x &gt; k, x &gt;= k (a
    /// one-character k below the surrogates) for x a value in a slot: ordinary strings compared
    /// inline, anything else through the generic helper. Leaves the bool; false when the
    /// operands do not fit (nothing emitted).
    /// </summary>
    private bool EmitStringConstCompare(MicroOp m, BcOp op, Src a, Src b)
    {
        Src x;
        string? k = KnownString(b, m);
        if (k is not null) x = a;
        else
        {
            // the constant on the left: mirror the operator
            if (b.Pos < 0 || b.Kind != Kind.V || a.Pos >= 0 || (k = KnownString(a, m)) is null) return false;
            x = b;
            op = op switch { BcOp.Lt => BcOp.Gt, BcOp.Le => BcOp.Ge, BcOp.Gt => BcOp.Lt, BcOp.Ge => BcOp.Le, _ => op };
        }
        if (x.Pos < 0 || x.IsGlobal || x.Kind != Kind.V) return false;
        bool eq = op is BcOp.Eq or BcOp.Ne;
        if (!eq && (k.Length != 1 || k[0] >= 0xD800)) return false;
        if (eq && k.Length > 8) return false;

        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        var str = _str ??= _il.DeclareLocal(typeof(string), "str");
        ObjectAs(x, typeof(string), str, slow); // string is sealed: a method-table compare
        if (eq)
        {
            // equal lengths and equal characters, unrolled (k is at most 8 chars)
            var differ = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, str);
            _il.Emit(OpCodes.Call, s_stringLength);
            _il.Int(k.Length);
            _il.Emit(OpCodes.Bne_Un, differ);
            for (int i = 0; i < k.Length; i++)
            {
                _il.Emit(OpCodes.Ldloc, str);
                _il.Int(i);
                _il.Emit(OpCodes.Call, s_stringChars);
                _il.Int(k[i]);
                _il.Emit(OpCodes.Bne_Un, differ);
            }
            _il.Int(op == BcOp.Eq ? 1 : 0);
            _il.Emit(OpCodes.Br, done);
            _il.Mark(differ);
            _il.Int(op == BcOp.Eq ? 0 : 1);
            _il.Emit(OpCodes.Br, done);
        }
        else
        {
            // k is one BMP char c below the surrogates, so code-point order is the order of
            // the first UTF-16 unit (a surrogate unit is above c too), then of the lengths:
            // x < c  when x is empty or x[0] < c;  x > c  when x[0] > c, or x[0] == c and x is longer
            char c = k[0];
            bool less = op is BcOp.Lt or BcOp.Ge; // compute x < c (Ge is its negation), else x > c
            bool negate = op is BcOp.Ge or BcOp.Le;
            var yes = _il.DefineLabel();
            var no = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, str);
            _il.Emit(OpCodes.Call, s_stringLength);
            _il.Emit(OpCodes.Brfalse, less ? yes : no);
            _il.Emit(OpCodes.Ldloc, str);
            _il.Int(0);
            _il.Emit(OpCodes.Call, s_stringChars);
            _il.Int(c);
            if (less) _il.Emit(OpCodes.Blt_Un, yes);
            else
            {
                _il.Emit(OpCodes.Bgt_Un, yes);
                _il.Emit(OpCodes.Ldloc, str);
                _il.Int(0);
                _il.Emit(OpCodes.Call, s_stringChars);
                _il.Int(c);
                _il.Emit(OpCodes.Bne_Un, no);
                _il.Emit(OpCodes.Ldloc, str);
                _il.Emit(OpCodes.Call, s_stringLength);
                _il.Int(1);
                _il.Emit(OpCodes.Bgt, yes);
            }
            _il.Mark(no);
            _il.Int(negate ? 1 : 0);
            _il.Emit(OpCodes.Br, done);
            _il.Mark(yes);
            _il.Int(negate ? 0 : 1);
            _il.Emit(OpCodes.Br, done);
        }
        _il.Mark(slow);
        if (eq)
        {
            // only a string equals a string (SPEC 3.5): any other kind but a string being
            // built (a parser's toks[pos] == "+" on an int token) is unequal without the helper
            var built = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, Slot(x.Pos, Kind.V));
            OnValue(s_rawObj);
            _il.Emit(OpCodes.Isinst, typeof(BuiltString)); // sealed: a method-table compare
            _il.Emit(OpCodes.Brtrue, built);
            _il.Int(op == BcOp.Eq ? 0 : 1);
            _il.Emit(OpCodes.Br, done);
            _il.Mark(built);
        }
        StorePc();
        Load(a, Kind.V);
        Load(b, Kind.V);
        // the helper gets the operands in their original order (op may have been mirrored)
        EmitCompareHelper(m.Op);
        _il.Mark(done);
        return true;
    }

    /// <summary>
    /// On the slow path of an inline array read (the value in slot t is not an array, or the
    /// index is out of range): an ordinary string at int index i read through
    /// <see cref="JitOps.StringCharAt"/> (which the .NET JIT inlines), then to done; anything
    /// else falls through to the generic helper after this code.
    /// </summary>
    private void EmitStringIndex(Src t, Src i, Label done)
    {
        var notString = _il.DefineLabel();
        var str = _str ??= _il.DeclareLocal(typeof(string), "str");
        ObjectAs(t, typeof(string), str, notString);
        _il.Emit(OpCodes.Ldloc, str);
        Load(i, Kind.I);
        _il.Emit(OpCodes.Call, s_stringCharAt);
        _il.Emit(OpCodes.Br, done);
        _il.Mark(notString);
    }

    /// <summary>Whether bf is the registry's push (not a host function of that name).</summary>
    private static bool IsRegistryPush(BuiltinFunction bf)
    {
        int slot = BuiltinRegistry.SlotOf("push");
        return slot >= 0 && ReferenceEquals(bf, BuiltinRegistry.AtSlot(slot));
    }

    /// <summary>
    /// push(arr, v) through the global that holds the registry's push (checked by the caller):
    /// SentraArray.Add when the first argument is an array, nil as the result; anything else
    /// to notArray (the builtin, which raises the error).
    /// </summary>
    private void EmitDirectPush(List<Kind> st, int argFirst, Label notArray, Label done)
    {
        var arr = _array ??= _il.DeclareLocal(typeof(SentraArray), "array");
        LoadPos(argFirst, st[argFirst], Kind.V);
        OnValue(s_rawObj);
        _il.Emit(OpCodes.Isinst, typeof(SentraArray)); // sealed: a method-table compare
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, arr);
        _il.Emit(OpCodes.Brfalse, notArray);
        _il.Emit(OpCodes.Ldloc, arr);
        LoadPos(argFirst + 1, st[argFirst + 1], Kind.V);
        _il.Emit(OpCodes.Call, s_arrayAdd);
        _il.Emit(OpCodes.Ldsfld, s_nil);
        _il.Emit(OpCodes.Br, done);
    }
}
