// The dispatch loop. See Interpreter.cs for the state model. Conventions in this file:
//  - `Sync()` writes ip (and sp) back to the frame; it precedes every call out of the loop
//    that can raise an error, call back into Sentra, or inspect frames.
//  - Fast paths (int/float, array index with int) are inline; everything else calls a
//    NoInlining helper in Interpreter.Slow.cs or ValueOps.
using System.Runtime.CompilerServices;
using Sentra.Bytecode;
using Sentra.Runtime;

namespace Sentra.Execution;

public sealed partial class Interpreter
{
    private Value Execute(int entryFp)
    {
        CallFrame[] frames = _frames;
        ref CallFrame frame = ref frames[_fp];
        Closure closure = frame.Closure;
        FunctionProto proto = closure.Proto;
        int[] code = proto.Code;
        Value[] consts = proto.Constants;
        Value[] globals = closure.Module.Globals;
        Value[] stack = _stack;
        int bp = frame.Base;
        int ip = frame.Pc;
        int sp = _sp;
        int argc;

        while (true)
        {
            switch ((OpCode)code[ip++])
            {
                case OpCode.Nop:
                    break;
                case OpCode.Const:
                    stack[sp++] = consts[code[ip++]];
                    break;
                case OpCode.Nil:
                    stack[sp++] = default;
                    break;
                case OpCode.True:
                    stack[sp++] = Value.True;
                    break;
                case OpCode.False:
                    stack[sp++] = Value.False;
                    break;
                case OpCode.Int:
                    stack[sp++] = Value.FromInt(code[ip++]);
                    break;
                case OpCode.Pop:
                    sp--;
                    break;
                case OpCode.PopN:
                    sp -= code[ip++];
                    break;
                case OpCode.Dup:
                    stack[sp] = stack[sp - 1];
                    sp++;
                    break;
                case OpCode.LoadLocal:
                    stack[sp++] = stack[bp + code[ip++]];
                    break;
                case OpCode.StoreLocal:
                    stack[bp + code[ip++]] = stack[--sp];
                    break;
                case OpCode.LoadCell:
                    stack[sp++] = Unsafe.As<Cell>(stack[bp + code[ip++]].RawObj!).Value;
                    break;
                case OpCode.StoreCell:
                    Unsafe.As<Cell>(stack[bp + code[ip++]].RawObj!).Value = stack[--sp];
                    break;
                case OpCode.NewCell:
                    stack[bp + code[ip++]] = Value.FromObject(new Cell());
                    break;
                case OpCode.WrapCell:
                    {
                        int s = bp + code[ip++];
                        stack[s] = Value.FromObject(new Cell(stack[s]));
                        break;
                    }
                case OpCode.LoadUpval:
                    stack[sp++] = closure.Upvalues[code[ip++]].Value;
                    break;
                case OpCode.StoreUpval:
                    closure.Upvalues[code[ip++]].Value = stack[--sp];
                    break;
                case OpCode.LoadGlobal:
                    {
                        int g = code[ip++];
                        Value v = globals[g];
                        if (v.IsUndefined)
                        {
                            frame.Pc = ip;
                            UndefinedGlobal(closure, g);
                        }
                        stack[sp++] = v;
                        break;
                    }
                case OpCode.StoreGlobal:
                    globals[code[ip++]] = stack[--sp];
                    break;

                // ---- arithmetic: int fast path inline, the rest in ValueOps ----
                case OpCode.Add:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt)
                        {
                            long x = a.AsInt, y = b.AsInt, r = x + y;
                            if (((x ^ r) & (y ^ r)) >= 0) { a = Value.FromInt(r); break; }
                        }
                        else if (a.IsFloat && b.IsFloat) { a = Value.FromFloat(a.AsFloat + b.AsFloat); break; }
                        frame.Pc = ip;
                        a = ValueOps.Add(a, b);
                        break;
                    }
                case OpCode.Sub:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt)
                        {
                            long x = a.AsInt, y = b.AsInt, r = x - y;
                            if (((x ^ y) & (x ^ r)) >= 0) { a = Value.FromInt(r); break; }
                        }
                        else if (a.IsFloat && b.IsFloat) { a = Value.FromFloat(a.AsFloat - b.AsFloat); break; }
                        frame.Pc = ip;
                        a = ValueOps.Sub(a, b);
                        break;
                    }
                case OpCode.Mul:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsFloat && b.IsFloat) { a = Value.FromFloat(a.AsFloat * b.AsFloat); break; }
                        frame.Pc = ip;
                        a = ValueOps.Mul(a, b);
                        break;
                    }
                case OpCode.Div:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        frame.Pc = ip;
                        a = ValueOps.Div(a, b);
                        break;
                    }
                case OpCode.Mod:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt && b.AsInt > 0)
                        {
                            a = Value.FromInt(a.AsInt % b.AsInt);
                            break;
                        }
                        frame.Pc = ip;
                        a = ValueOps.Mod(a, b);
                        break;
                    }
                case OpCode.Neg:
                    {
                        ref Value a = ref stack[sp - 1];
                        frame.Pc = ip;
                        a = ValueOps.Negate(a);
                        break;
                    }
                case OpCode.Not:
                    {
                        ref Value a = ref stack[sp - 1];
                        a = a.IsTruthy ? Value.False : Value.True;
                        break;
                    }

                // ---- comparison ----
                case OpCode.Eq:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        frame.Pc = ip;
                        a = Value.FromBool(ValueOps.Equal(a, b));
                        break;
                    }
                case OpCode.Ne:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        frame.Pc = ip;
                        a = Value.FromBool(!ValueOps.Equal(a, b));
                        break;
                    }
                case OpCode.Lt:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt) { a = Value.FromBool(a.AsInt < b.AsInt); break; }
                        frame.Pc = ip;
                        a = Value.FromBool(ValueOps.Less(a, b));
                        break;
                    }
                case OpCode.Le:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt) { a = Value.FromBool(a.AsInt <= b.AsInt); break; }
                        frame.Pc = ip;
                        a = Value.FromBool(ValueOps.LessEqual(a, b));
                        break;
                    }
                case OpCode.Gt:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt) { a = Value.FromBool(a.AsInt > b.AsInt); break; }
                        frame.Pc = ip;
                        a = Value.FromBool(ValueOps.Greater(a, b));
                        break;
                    }
                case OpCode.Ge:
                    {
                        Value b = stack[--sp];
                        ref Value a = ref stack[sp - 1];
                        if (a.IsInt && b.IsInt) { a = Value.FromBool(a.AsInt >= b.AsInt); break; }
                        frame.Pc = ip;
                        a = Value.FromBool(ValueOps.GreaterEqual(a, b));
                        break;
                    }

                // ---- jumps ----
                case OpCode.Jump:
                    ip = code[ip];
                    break;
                case OpCode.Loop:
                    ip = code[ip];
                    if (--_countdown <= 0)
                    {
                        frame.Pc = ip;
                        _sp = sp;
                        CheckLimits();
                    }
                    break;
                case OpCode.JumpIfFalse:
                    if (!stack[--sp].IsTruthy) ip = code[ip];
                    else ip++;
                    break;
                case OpCode.JumpIfTrue:
                    if (stack[--sp].IsTruthy) ip = code[ip];
                    else ip++;
                    break;
                case OpCode.JumpIfFalseOrPop:
                    if (!stack[sp - 1].IsTruthy) ip = code[ip];
                    else { sp--; ip++; }
                    break;
                case OpCode.JumpIfTrueOrPop:
                    if (stack[sp - 1].IsTruthy) ip = code[ip];
                    else { sp--; ip++; }
                    break;

                // ---- containers ----
                case OpCode.NewArray:
                    {
                        int n = code[ip++];
                        var arr = new SentraArray(new ReadOnlySpan<Value>(stack, sp - n, n));
                        sp -= n;
                        stack[sp++] = Value.FromObject(arr);
                        break;
                    }
                case OpCode.NewMap:
                    {
                        int n = code[ip++];
                        frame.Pc = ip;
                        var map = new SentraMap(n);
                        int start = sp - 2 * n;
                        for (int i = start; i < sp; i += 2) map.Set(ValueOps.MapKey(stack[i]), stack[i + 1]);
                        sp = start;
                        stack[sp++] = Value.FromObject(map);
                        break;
                    }
                case OpCode.GetIndex:
                    {
                        Value index = stack[--sp];
                        ref Value target = ref stack[sp - 1];
                        if (target.RawObj is SentraArray arr && index.IsInt)
                        {
                            target = arr.Get(index.AsInt);
                            break;
                        }
                        frame.Pc = ip;
                        target = ValueOps.GetIndex(target, index);
                        break;
                    }
                case OpCode.SetIndex:
                    {
                        Value v = stack[sp - 1];
                        Value index = stack[sp - 2];
                        Value target = stack[sp - 3];
                        sp -= 3;
                        if (target.RawObj is SentraArray arr && index.IsInt && (ulong)index.AsInt < (ulong)arr.Count)
                        {
                            arr[(int)index.AsInt] = v;
                            break;
                        }
                        frame.Pc = ip;
                        ValueOps.SetIndex(target, index, v);
                        break;
                    }
                case OpCode.GetProp:
                    {
                        ref Value target = ref stack[sp - 1];
                        string name = consts[code[ip++]].AsString;
                        if (target.RawObj is SentraMap map)
                        {
                            target = map.Get(name);
                            break;
                        }
                        frame.Pc = ip;
                        target = GetProperty(target, name);
                        break;
                    }
                case OpCode.SetProp:
                    {
                        string name = consts[code[ip++]].AsString;
                        Value v = stack[sp - 1];
                        Value target = stack[sp - 2];
                        sp -= 2;
                        if (target.RawObj is SentraMap map)
                        {
                            map.Set(name, v);
                            break;
                        }
                        frame.Pc = ip;
                        Throw.Error($"cannot index assign {target.TypeName}");
                        break;
                    }

                // ---- calls ----
                case OpCode.Call:
                    argc = code[ip++];
                    goto DoCall;
                case OpCode.CallMethod:
                    {
                        string name = consts[code[ip++]].AsString;
                        argc = code[ip++];
                        frame.Pc = ip;
                        ref Value receiver = ref stack[sp - argc - 1];
                        // either replaces the receiver slot with the callee (then a plain call), or
                        // returns the builtin method that takes the receiver as its first argument
                        var method = ResolveMethod(ref receiver, name);
                        if (method is null) goto DoCall;
                        _sp = sp;
                        method.CheckArity(argc + 1);
                        Value r = method.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc - 1, argc + 1));
                        stack = _stack;
                        sp -= argc;
                        stack[sp - 1] = r;
                        break;
                    }
                case OpCode.Return:
                    {
                        Value result = stack[sp - 1];
                        bool isEntry = frame.IsEntry;
                        sp = bp - 1;
                        _fp--;
                        if (isEntry)
                        {
                            _sp = sp;
                            return result;
                        }
                        stack[sp++] = result;
                        frame = ref frames[_fp];
                        closure = frame.Closure;
                        proto = closure.Proto;
                        code = proto.Code;
                        consts = proto.Constants;
                        globals = closure.Module.Globals;
                        bp = frame.Base;
                        ip = frame.Pc;
                        break;
                    }
                case OpCode.Closure:
                    {
                        var p = proto.Protos[code[ip++]];
                        var cells = p.UpvalueCount == 0 ? [] : new Cell[p.UpvalueCount];
                        for (int i = 0; i < cells.Length; i++)
                        {
                            int d = code[ip++];
                            cells[i] = d >= 0 ? Unsafe.As<Cell>(stack[bp + d].RawObj!) : closure.Upvalues[~d];
                        }
                        stack[sp++] = Value.FromObject(new Closure(p, cells, closure.Module));
                        break;
                    }

                // ---- for-in ----
                case OpCode.IterInit:
                    {
                        int s = bp + code[ip++];
                        frame.Pc = ip;
                        IterInit(stack[--sp], ref stack[s], ref stack[s + 1]);
                        break;
                    }
                case OpCode.IterNext:
                    {
                        int s = bp + code[ip++];
                        Value src = stack[s];
                        long i = stack[s + 1].AsInt;
                        if (src.RawObj is SentraArray arr)
                        {
                            if (i < arr.Count)
                            {
                                stack[sp++] = arr[(int)i];
                                stack[s + 1] = Value.FromInt(i + 1);
                                ip++;
                            }
                            else ip = code[ip];
                            break;
                        }
                        // strings: i is a UTF-16 offset
                        string str = src.AsString;
                        if (i < str.Length)
                        {
                            int len = char.IsHighSurrogate(str[(int)i]) && i + 1 < str.Length && char.IsLowSurrogate(str[(int)i + 1]) ? 2 : 1;
                            stack[sp++] = Value.FromString(len == 1 ? CharString(str[(int)i]) : str.Substring((int)i, 2));
                            stack[s + 1] = Value.FromInt(i + len);
                            ip++;
                        }
                        else ip = code[ip];
                        break;
                    }

                case OpCode.Throw:
                    {
                        Value v = stack[--sp];
                        frame.Pc = ip;
                        _sp = sp;
                        if (ThrowInLoop(v, entryFp))
                        {
                            // a handler in this run: reload the (possibly different) frame
                            frame = ref frames[_fp];
                            closure = frame.Closure;
                            proto = closure.Proto;
                            code = proto.Code;
                            consts = proto.Constants;
                            globals = closure.Module.Globals;
                            bp = frame.Base;
                            ip = frame.Pc;
                            sp = _sp;
                        }
                        break;
                    }
                case OpCode.Import:
                    {
                        string path = consts[code[ip++]].AsString;
                        frame.Pc = ip;
                        _sp = sp;
                        var module = _modules.Import(path, proto.File);
                        stack = _stack;
                        stack[sp++] = Value.FromObject(module);
                        break;
                    }
                default:
                    throw new InvalidOperationException($"bad opcode {code[ip - 1]} at {ip - 1} in {proto.Name}");
            }
            continue;

        DoCall:
            {
                // callee at stack[sp - argc - 1], arguments above it
                Value callee = stack[sp - argc - 1];
                if (callee.RawObj is Closure cl)
                {
                    var p = cl.Proto;
                    if (argc != p.Arity || _fp + 1 >= _maxDepth || --_countdown <= 0)
                    {
                        frame.Pc = ip;
                        _sp = sp;
                        CallChecks(p, argc);
                    }
                    frame.Pc = ip;
                    int newBase = sp - argc;
                    if (newBase + p.FrameSize > stack.Length)
                    {
                        EnsureStack(newBase + p.FrameSize);
                        stack = _stack;
                    }
                    PushFrame(cl, newBase, argc, isEntry: false, pc: 0);
                    frame = ref frames[_fp];
                    closure = cl;
                    proto = p;
                    code = p.Code;
                    consts = p.Constants;
                    globals = cl.Module.Globals;
                    bp = newBase;
                    ip = 0;
                    sp = newBase + p.MaxLocals;
                    continue;
                }
                frame.Pc = ip;
                _sp = sp;
                Value result;
                if (callee.RawObj is BuiltinFunction bf)
                {
                    bf.CheckArity(argc);
                    result = bf.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc, argc));
                    stack = _stack;
                    sp -= argc;
                }
                else if (callee.RawObj is BoundMethod bm)
                {
                    // the callee slot becomes the receiver argument
                    stack[sp - argc - 1] = bm.Receiver;
                    bm.Method.CheckArity(argc + 1);
                    result = bm.Method.Fn(this, new ReadOnlySpan<Value>(stack, sp - argc - 1, argc + 1));
                    stack = _stack;
                    sp -= argc;
                }
                else
                {
                    result = Throw.Value($"cannot call {callee.TypeName}");
                }
                stack[sp - 1] = result;
                continue;
            }
        }
    }
}
