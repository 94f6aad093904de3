namespace Sentra.Bytecode;

/// <summary>
/// Checks a function's bytecode once, when it is created: every opcode is known, every
/// operand is in range (local slots, constants, nested functions, upvalues, jump targets on
/// instruction boundaries), and the operand-stack depth is consistent along every path,
/// never negative and never above <see cref="FunctionProto.MaxStack"/>. The interpreter
/// relies on this to address its stack and code without bounds checks.
/// <para>
/// Every backward jump is a back edge, <see cref="OpCode.Loop"/> or <see cref="OpCode.ForLoop"/>,
/// and every other jump (and every handler) goes forward: the back edges are the only
/// instructions that count steps and poll the limits, so no cycle in the code escapes
/// <c>MaxSteps</c>, the timeout or cancellation (calls count too, which covers recursion).
/// </para>
/// </summary>
public static class Verifier
{
    /// <summary>Checks <paramref name="proto"/> (not its nested functions); throws <see cref="InvalidOperationException"/> on the first fault.</summary>
    public static void Verify(FunctionProto proto)
    {
        var code = proto.Code;
        int n = code.Length;
        var isStart = new bool[n];
        int opCount = OpTable.Count;
        for (int pc = 0; pc < n;)
        {
            if ((uint)code[pc] >= (uint)opCount) Fail(proto, pc, $"unknown opcode {code[pc]}");
            isStart[pc] = true;
            if ((OpCode)code[pc] == OpCode.Closure && (uint)code[pc + 1] >= (uint)proto.Protos.Length) Fail(proto, pc, "bad function index");
            int len = OpTable.Length(code, pc, proto);
            if (pc + len > n) Fail(proto, pc, "truncated instruction");
            CheckOperands(proto, pc);
            pc += len;
        }
        if (n == 0) Fail(proto, 0, "empty code");

        var depth = new int[n];
        for (int i = 0; i < depth.Length; i++) depth[i] = -1;
        // a List as the work stack: Stack<T> lives in System.Collections.dll, which no other
        // part of a plain run loads (an assembly load at every start-up)
        var work = new List<int>();
        void Flow(int from, int target, int d)
        {
            if ((uint)target >= (uint)n || !isStart[target]) Fail(proto, from, $"jump target {target} is not an instruction");
            if (d < 0) Fail(proto, from, "stack underflow");
            if (d > proto.MaxStack) Fail(proto, from, $"stack depth {d} exceeds MaxStack {proto.MaxStack}");
            if (depth[target] == -1)
            {
                depth[target] = d;
                work.Add(target);
            }
            else if (depth[target] != d) Fail(proto, target, $"inconsistent stack depth ({depth[target]} vs {d})");
        }

        // a jump other than a back edge must go forward (see the class summary)
        void Forward(int pc, int target)
        {
            if (target <= pc) Fail(proto, pc, $"backward jump to {target} is not a back edge (Loop or ForLoop)");
        }
        void BackEdge(int pc, int target)
        {
            if (target > pc) Fail(proto, pc, $"back edge to {target} goes forward");
        }

        Flow(0, 0, 0);
        foreach (var h in proto.Handlers)
        {
            if (h.Start < 0 || h.End > n || h.Start >= h.End) Fail(proto, h.Start, "bad handler range");
            if (h.Target < h.End) Fail(proto, h.Start, $"handler target {h.Target} is not after its range");
            Flow(h.Start, h.Target, h.StackDepth + 1);
        }
        while (work.Count > 0)
        {
            int pc = work[^1];
            work.RemoveAt(work.Count - 1);
            int d = depth[pc];
            var op = (OpCode)code[pc];
            var info = OpTable.Get(op);
            int len = OpTable.Length(code, pc, proto);
            int operand = info.Format is OperandFormat.ConstCount or OperandFormat.GlobalCount or OperandFormat.SlotCount or OperandFormat.UpvalCount ? code[pc + 2] : len > 1 ? code[pc + 1] : 0;
            int pops = info.Pops >= 0 ? info.Pops : info.Pushes - OpTable.StackEffect(op, operand);
            if (d - pops < 0) Fail(proto, pc, $"stack underflow at {op}");
            int after = d + OpTable.StackEffect(op, operand);
            switch (op)
            {
                case OpCode.Return:
                case OpCode.ReturnLocal:
                case OpCode.Throw:
                    break;
                case OpCode.Jump:
                    Forward(pc, code[pc + 1]);
                    Flow(pc, code[pc + 1], after);
                    break;
                case OpCode.Loop:
                    BackEdge(pc, code[pc + 1]);
                    Flow(pc, code[pc + 1], after);
                    break;
                case OpCode.JumpIfFalseOrPop:
                case OpCode.JumpIfTrueOrPop:
                    Forward(pc, code[pc + 1]);
                    Flow(pc, code[pc + 1], d);
                    Flow(pc, pc + len, after);
                    break;
                case OpCode.IterNext:
                    Forward(pc, code[pc + 2]);
                    Flow(pc, code[pc + 2], d);
                    Flow(pc, pc + len, after);
                    break;
                case OpCode.ForLoop:
                    BackEdge(pc, code[pc + 5]);
                    Flow(pc, code[pc + 5], d);
                    if (pc + len >= n) Fail(proto, pc, "code falls off the end");
                    Flow(pc, pc + len, d);
                    break;
                default:
                    int? target = info.Format switch
                    {
                        OperandFormat.Jump => code[pc + 1],
                        OperandFormat.ImmJump => code[pc + 2],
                        OperandFormat.SlotImmJump => code[pc + 3],
                        _ => null,
                    };
                    if (target is int t)
                    {
                        Forward(pc, t);
                        Flow(pc, t, after);
                    }
                    if (pc + len >= n) Fail(proto, pc, "code falls off the end");
                    Flow(pc, pc + len, after);
                    break;
            }
        }
        proto.DepthAt = depth;
    }

    private static void CheckOperands(FunctionProto proto, int pc)
    {
        var code = proto.Code;
        var info = OpTable.Get((OpCode)code[pc]);
        void Slot(int s, int width = 1)
        {
            if (s < 0 || s + width > proto.MaxLocals) Fail(proto, pc, $"local slot {s} out of range");
        }
        void Const(int k, bool mustBeString)
        {
            if ((uint)k >= (uint)proto.Constants.Length) Fail(proto, pc, $"constant {k} out of range");
            if (mustBeString && !proto.Constants[k].IsString) Fail(proto, pc, $"constant {k} is not a name");
        }
        switch (info.Format)
        {
            case OperandFormat.Slot:
                Slot(code[pc + 1], (OpCode)code[pc] == OpCode.IterInit ? 2 : 1);
                break;
            case OperandFormat.SlotJump:
                Slot(code[pc + 1], 2);
                break;
            case OperandFormat.SlotImm:
            case OperandFormat.SlotImmJump:
                Slot(code[pc + 1]);
                break;
            case OperandFormat.SlotConst:
                Slot(code[pc + 1]);
                Const(code[pc + 2], true);
                break;
            case OperandFormat.SlotSlot:
                Slot(code[pc + 1]);
                Slot(code[pc + 2]);
                break;
            case OperandFormat.Const:
                Const(code[pc + 1], (OpCode)code[pc] != OpCode.Const);
                break;
            case OperandFormat.ConstCount:
                Const(code[pc + 1], true);
                if (code[pc + 2] < 0) Fail(proto, pc, "negative count");
                break;
            case OperandFormat.Count:
                if (code[pc + 1] < 0) Fail(proto, pc, "negative count");
                break;
            case OperandFormat.Global:
            case OperandFormat.GlobalImm:
                if (code[pc + 1] < 0) Fail(proto, pc, "negative global slot");
                break;
            case OperandFormat.GlobalCount:
                if (code[pc + 1] < 0) Fail(proto, pc, "negative global slot");
                if (code[pc + 2] < 0) Fail(proto, pc, "negative count");
                break;
            case OperandFormat.SlotCount:
                Slot(code[pc + 1]);
                if (code[pc + 2] < 0) Fail(proto, pc, "negative count");
                break;
            case OperandFormat.UpvalCount:
                if ((uint)code[pc + 1] >= (uint)proto.UpvalueCount) Fail(proto, pc, "upvalue out of range");
                if (code[pc + 2] < 0) Fail(proto, pc, "negative count");
                break;
            case OperandFormat.ForLoop:
                {
                    var mode = (ForLoopMode)code[pc + 4];
                    Slot(code[pc + 1]);
                    if ((mode & ForLoopMode.StepIsLocal) != 0) Slot(code[pc + 2]);
                    if ((mode & ForLoopMode.BoundIsLocal) != 0) Slot(code[pc + 3]);
                    break;
                }
            case OperandFormat.Upval:
                if ((uint)code[pc + 1] >= (uint)proto.UpvalueCount) Fail(proto, pc, "upvalue out of range");
                break;
            case OperandFormat.Closure:
                {
                    var child = proto.Protos[code[pc + 1]];
                    for (int i = 0; i < child.UpvalueCount; i++)
                    {
                        int d = code[pc + 2 + i];
                        if (d >= 0) Slot(d);
                        else if (~d >= proto.UpvalueCount) Fail(proto, pc, "captured upvalue out of range");
                    }
                    break;
                }
        }
    }

    private static void Fail(FunctionProto proto, int pc, string message) =>
        throw new InvalidOperationException($"bytecode verification failed in {proto.Name} at {pc}: {message}");
}
