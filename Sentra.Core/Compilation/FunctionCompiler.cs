using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Sentra.Bytecode;
using Sentra.Runtime;
using Sentra.Syntax;

namespace Sentra.Compilation;

/// <summary>
/// Emits the bytecode of one function (or the script body). Tracks the operand-stack depth
/// of every instruction from the opcode table (STYLE practice 7), assigns local slots per
/// block, builds the pc-to-line table and the exception-handler table, and compiles
/// <c>finally</c> by duplicating its code on every exit path (normal, break, continue,
/// return, error), so no run-time finally state exists.
/// </summary>
internal sealed class FunctionCompiler
{
    private sealed class LoopContext
    {
        public required int TryCount;
        public required int StackDepth;
        /// <summary>
        /// Where <c>continue</c> goes when that is the loop's start (while, for-in): a continue
        /// is then a backward jump and is emitted as <see cref="OpCode.Loop"/>, the one
        /// instruction that counts steps and polls limits. -1 when the target is ahead (the
        /// update of a C-style for, which ends in the loop's back edge): forward Jumps patched
        /// by <see cref="PopLoop"/>.
        /// </summary>
        public int BackwardContinue = -1;
        public readonly List<int> BreakJumps = [];
        public readonly List<int> ContinueJumps = [];
    }

    /// <summary>A region of code protected by one handler; split around inlined finally copies.</summary>
    private sealed class Region
    {
        public readonly List<(int Start, int End)> Intervals = [];
        public int OpenStart = -1;
        public int StackDepth;
        public bool IsFinally;
    }

    private sealed class TryContext
    {
        public required BlockStmt? Finally;
        public Region Active = null!;
    }

    private readonly FunctionCompiler? _enclosing;
    private readonly FunctionNode _node;
    private readonly GlobalTable _globals;
    private readonly string _file;
    private readonly string _source;
    private readonly SourceText _text;

    private readonly List<int> _code = new(64);
    private readonly List<Value> _consts = [];
    private readonly Dictionary<object, int> _constIndex = new(ConstKeyComparer.Instance);
    private readonly List<FunctionProto> _protos = [];
    private readonly List<int> _upvalueDescs = [];
    private readonly Dictionary<LocalSymbol, int> _upvalueIndex = [];
    private readonly List<int> _linePcs = [];
    private readonly List<int> _lines = [];
    private readonly List<int> _columns = [];
    private readonly List<ExceptionHandler> _handlers = [];
    private readonly List<LoopContext> _loops = [];
    private readonly List<TryContext> _tries = [];

    private int _nextSlot;
    private int _maxLocals;
    private int _depth;
    private int _maxDepth;
    private int _line;
    private int _column;

    private readonly CancellationPoll _poll;

    public FunctionCompiler(FunctionCompiler? enclosing, FunctionNode node, GlobalTable globals, string file, string source, CancellationPoll poll)
    {
        _poll = poll;
        _enclosing = enclosing;
        _strings = enclosing?._strings ?? new Dictionary<string, string>(StringComparer.Ordinal);
        _node = node;
        _globals = globals;
        _file = file;
        _source = source;
        _text = new SourceText(source);
        _line = node.Line;
        _column = node.Column;
    }

    private SentraSyntaxException Error(Node at, string message) =>
        new(message, new SourceSpan(_file, at.Line, at.Column), _text.Line(at.Line));

    // ---- entry ----------------------------------------------------------------------------

    public FunctionProto CompileFunction()
    {
        foreach (var p in _node.ParamSymbols)
        {
            p.Slot = AllocSlot();
        }
        foreach (var p in _node.ParamSymbols)
        {
            if (p.Captured) Emit(OpCode.WrapCell, p.Slot);
        }
        if (_node.IsScript)
        {
            foreach (var s in _node.Body)
            {
                if (s is FnDeclStmt { Symbol: null } f) _globals.Hoisted.Add(f.Function.Name);
            }
            HoistFunctions(_node.Body);
            foreach (var s in _node.Body) Statement(s);
        }
        else
        {
            EnterLocals(_node.BodyLocals);
            HoistFunctions(_node.Body);
            foreach (var s in _node.Body) Statement(s);
        }
        Emit(OpCode.Nil);
        Emit(OpCode.Return);
        var proto = new FunctionProto
        {
            Name = _node.IsScript ? "<script>" : _node.Name,
            File = _file,
            Arity = _node.Params.Count,
            Code = _code.ToArray(),
            Constants = _consts.ToArray(),
            Protos = _protos.ToArray(),
            UpvalueCount = _upvalueDescs.Count,
            MaxLocals = _maxLocals,
            MaxStack = _maxDepth,
            Lines = new LineTable(_linePcs.ToArray(), _lines.ToArray(), _columns.ToArray()),
            Handlers = _handlers.ToArray(),
            Line = _node.Line,
            IsTopLevel = _node.IsScript,
            Feedback = new byte[_code.Count],
            InlineCache = new int[_code.Count],
        };
        Verifier.Verify(proto);
        return proto;
    }

    // ---- emission -------------------------------------------------------------------------

    private int Pc => _code.Count;

    private void MarkLine()
    {
        if (_lines.Count == 0 || _lines[^1] != _line || _columns[^1] != _column)
        {
            if (_linePcs.Count > 0 && _linePcs[^1] == Pc)
            {
                _lines[^1] = _line;
                _columns[^1] = _column;
                // keep the table strictly increasing and deduplicated
                if (_lines.Count > 1 && _lines[^2] == _line && _columns[^2] == _column)
                {
                    _lines.RemoveAt(_lines.Count - 1);
                    _columns.RemoveAt(_columns.Count - 1);
                    _linePcs.RemoveAt(_linePcs.Count - 1);
                }
            }
            else
            {
                _linePcs.Add(Pc);
                _lines.Add(_line);
                _columns.Add(_column);
            }
        }
    }

    private void Adjust(OpCode op, int operand)
    {
        _depth += OpTable.StackEffect(op, operand);
        if (_depth < 0) throw new InvalidOperationException($"stack underflow emitting {op} in {_node.Name}");
        if (_depth > _maxDepth) _maxDepth = _depth;
    }

    private void SetDepth(int depth)
    {
        _depth = depth;
        if (_depth > _maxDepth) _maxDepth = _depth;
    }

    private void Emit(OpCode op)
    {
        MarkLine();
        _code.Add((int)op);
        Adjust(op, 0);
    }

    private void Emit(OpCode op, int operand)
    {
        MarkLine();
        _code.Add((int)op);
        _code.Add(operand);
        Adjust(op, operand);
    }

    private void Emit(OpCode op, int a, int b, int c)
    {
        MarkLine();
        _code.Add((int)op);
        _code.Add(a);
        _code.Add(b);
        _code.Add(c);
        Adjust(op, 0);
    }

    private void Emit(OpCode op, int a, int b)
    {
        MarkLine();
        _code.Add((int)op);
        _code.Add(a);
        _code.Add(b);
        Adjust(op, b);
    }

    /// <summary>Emits a jump with a placeholder target; returns the operand position.</summary>
    private int EmitJump(OpCode op)
    {
        Emit(op, -1);
        return Pc - 1;
    }

    private int EmitJump(OpCode op, int imm)
    {
        Emit(op, imm, -1);
        return Pc - 1;
    }

    /// <summary>
    /// The immediate form of a binary operator whose right operand is an int literal that fits
    /// an instruction slot (<c>n - 1</c>, <c>i % 7</c>, <c>x == 0</c>): the left operand is
    /// pushed and one instruction applies the operator to it and the literal, with exactly the
    /// generic operator's semantics (the literal is an int either way).
    /// </summary>
    private static (OpCode Value, OpCode? Jump, int K)? ImmediateForm(BinaryExpr b)
    {
        if (b.Right is not LiteralExpr { Value: long k } || k is > int.MaxValue or < int.MinValue) return null;
        (OpCode, OpCode?)? ops = b.Op switch
        {
            TokenKind.Plus => (OpCode.AddK, null),
            TokenKind.Minus => (OpCode.SubK, null),
            TokenKind.Star => (OpCode.MulK, null),
            TokenKind.Percent when k > 0 => (OpCode.ModK, null),
            TokenKind.EqualEqual => (OpCode.EqK, OpCode.JumpIfNotEqK),
            TokenKind.BangEqual => (OpCode.NeK, OpCode.JumpIfNotNeK),
            TokenKind.Less => (OpCode.LtK, OpCode.JumpIfNotLtK),
            TokenKind.LessEqual => (OpCode.LeK, OpCode.JumpIfNotLeK),
            TokenKind.Greater => (OpCode.GtK, OpCode.JumpIfNotGtK),
            TokenKind.GreaterEqual => (OpCode.GeK, OpCode.JumpIfNotGeK),
            _ => null,
        };
        return ops is var (value, jump) ? (value, jump, (int)k) : null;
    }

    private void PatchJump(int operandPos) => _code[operandPos] = Pc;

    /// <summary>
    /// One instance per distinct string constant in the whole script: map keys written by
    /// one function and read by another are then the same object, and the map's inline
    /// caches match them by reference instead of comparing characters.
    /// </summary>
    private readonly Dictionary<string, string> _strings;

    private int Const(Value v, object key)
    {
        if (v.IsString)
        {
            string str = v.AsStringUnchecked;
            if (_strings.TryGetValue(str, out var shared)) v = Value.FromString(shared);
            else
            {
                // a one-character constant is CharCache's instance, the one s[i] returns: a
                // scanner's c == "(" is then true by reference
                if (str.Length == 1) v = Value.FromString(str = CharCache.Get(str[0]));
                _strings[str] = str;
            }
        }
        if (_constIndex.TryGetValue(key, out int i)) return i;
        i = _consts.Count;
        _consts.Add(v);
        _constIndex[key] = i;
        return i;
    }

    private int StringConst(string s) => Const(Value.FromString(s), s);

    private void SetLine(Node n)
    {
        if (n.Line > 0)
        {
            _line = n.Line;
            _column = n.Column;
        }
    }

    // ---- slots ----------------------------------------------------------------------------

    private int AllocSlot()
    {
        int s = _nextSlot++;
        if (_nextSlot > _maxLocals) _maxLocals = _nextSlot;
        if (_maxLocals > 60000) throw Error(_node, "too many local variables in function");
        return s;
    }

    /// <summary>Assigns slots to a block's locals and gives captured ones a fresh cell.</summary>
    private int EnterLocals(List<LocalSymbol> locals)
    {
        int mark = _nextSlot;
        foreach (var l in locals) l.Slot = AllocSlot();
        foreach (var l in locals) if (l.Captured) Emit(OpCode.NewCell, l.Slot);
        return mark;
    }

    private void ExitLocals(int mark) => _nextSlot = mark;

    private void HoistFunctions(List<Stmt> stmts)
    {
        foreach (var s in stmts)
        {
            if (s is FnDeclStmt f)
            {
                SetLine(f);
                EmitClosure(f.Function);
                if (f.Symbol is null) Emit(OpCode.StoreGlobal, _globals.SlotOf(f.Function.Name));
                else StoreLocal(f.Symbol);
            }
        }
    }

    // ---- variables ------------------------------------------------------------------------

    private void Load(VariableExpr v)
    {
        var sym = v.Symbol;
        if (sym is null) { Emit(OpCode.LoadGlobal, _globals.SlotOf(v.Name)); return; }
        if (sym.Owner == _node) Emit(sym.Captured ? OpCode.LoadCell : OpCode.LoadLocal, sym.Slot);
        else Emit(OpCode.LoadUpval, ResolveUpvalue(sym));
    }

    private void Store(VariableExpr v)
    {
        var sym = v.Symbol;
        if (sym is null) { Emit(OpCode.StoreGlobal, _globals.SlotOf(v.Name)); return; }
        if (sym.Owner == _node) StoreLocal(sym);
        else Emit(OpCode.StoreUpval, ResolveUpvalue(sym));
    }

    private void StoreLocal(LocalSymbol sym) => Emit(sym.Captured ? OpCode.StoreCell : OpCode.StoreLocal, sym.Slot);

    private void StoreDeclared(LocalSymbol? sym, string name)
    {
        if (sym is null) Emit(OpCode.StoreGlobal, _globals.SlotOf(name));
        else StoreLocal(sym);
    }

    private int ResolveUpvalue(LocalSymbol sym)
    {
        if (_upvalueIndex.TryGetValue(sym, out int idx)) return idx;
        var enc = _enclosing ?? throw new InvalidOperationException("upvalue without enclosing function");
        int desc = sym.Owner == enc._node ? sym.Slot : ~enc.ResolveUpvalue(sym);
        idx = _upvalueDescs.Count;
        _upvalueDescs.Add(desc);
        _upvalueIndex[sym] = idx;
        return idx;
    }

    private void EmitClosure(FunctionNode fn)
    {
        var child = new FunctionCompiler(this, fn, _globals, _file, _source, _poll);
        var proto = child.CompileFunction();
        int index = _protos.Count;
        _protos.Add(proto);
        MarkLine();
        _code.Add((int)OpCode.Closure);
        _code.Add(index);
        foreach (int d in child._upvalueDescs) _code.Add(d);
        Adjust(OpCode.Closure, 0);
    }

    // ---- statements -----------------------------------------------------------------------

    private void Statement(Stmt s)
    {
        EnterNode(s);
        SetLine(s);
        switch (s)
        {
            case ExprStmt e:
                Expression(e.Expr);
                Emit(OpCode.Pop);
                break;
            case VarStmt v:
                if (v.Init is null) Emit(OpCode.Nil);
                else Expression(v.Init);
                SetLine(v);
                StoreDeclared(v.Symbol, v.Name);
                break;
            case FnDeclStmt:
                break; // hoisted to the start of its block
            case AssignStmt a:
                if (TryAddImmediate(a)) break;
                Expression(a.Value);
                SetLine(a);
                Store(a.Target);
                break;
            case IndexAssignStmt ia when PlainLocal(ia.Target) is int mapSlot && ia.Index is LiteralExpr { Value: string name }
                                         && !MayAssign(ia.Value):
                Expression(ia.Value);
                SetLine(ia);
                Emit(OpCode.SetIndexLC, mapSlot, StringConst(name));
                break;
            case IndexAssignStmt ia when PlainLocal(ia.Target) is int arraySlot && PlainLocal(ia.Index) is int indexSlot
                                         && !MayAssign(ia.Value):
                // reading the two locals after the value is the same: an uncaptured local can
                // change only by an assignment statement of this function, and the value has none
                Expression(ia.Value);
                SetLine(ia);
                Emit(OpCode.SetIndexLL, arraySlot, indexSlot);
                break;
            case IndexAssignStmt ia:
                Expression(ia.Target);
                if (ia.Index is LiteralExpr { Value: string key })
                {
                    Expression(ia.Value);
                    SetLine(ia);
                    Emit(OpCode.SetIndexK, StringConst(key));
                    break;
                }
                Expression(ia.Index);
                Expression(ia.Value);
                SetLine(ia);
                Emit(OpCode.SetIndex);
                break;
            case PropertyAssignStmt pa when PlainLocal(pa.Target) is int mapSlot && !MayAssign(pa.Value):
                Expression(pa.Value);
                SetLine(pa);
                Emit(OpCode.SetPropLC, mapSlot, StringConst(pa.Name));
                break;
            case PropertyAssignStmt pa:
                Expression(pa.Target);
                Expression(pa.Value);
                SetLine(pa);
                Emit(OpCode.SetProp, StringConst(pa.Name));
                break;
            case BlockStmt b:
                Block(b, wantValue: false);
                break;
            case IfStmt i:
                If(i, wantValue: false);
                break;
            case WhileStmt w:
                While(w);
                break;
            case ForStmt f:
                For(f);
                break;
            case ForInStmt fi:
                ForIn(fi);
                break;
            case MatchStmt m:
                MatchStatement(m);
                break;
            case TryStmt t:
                Try(t);
                break;
            case ThrowStmt th:
                Expression(th.Value);
                SetLine(th);
                Emit(OpCode.Throw);
                break;
            case ReturnStmt r:
                Return(r);
                break;
            case BreakStmt b:
                BreakOrContinue(b, isBreak: true);
                break;
            case ContinueStmt c:
                BreakOrContinue(c, isBreak: false);
                break;
            case ImportStmt im:
                Emit(OpCode.Import, StringConst(im.Path));
                StoreDeclared(im.Symbol, im.BindName);
                break;
            default:
                throw new InvalidOperationException(s.GetType().Name);
        }
    }

    /// <summary>Compiles a block; with wantValue it leaves the block's value (SPEC 3.11.1) on the stack.</summary>
    private void Block(BlockStmt b, bool wantValue)
    {
        int mark = EnterLocals(b.Locals);
        HoistFunctions(b.Statements);
        var stmts = b.Statements;
        int n = stmts.Count;
        for (int i = 0; i < n; i++)
        {
            var s = stmts[i];
            if (wantValue && i == n - 1)
            {
                if (s is ExprStmt es) { SetLine(es); Expression(es.Expr); }
                else if (s is IfStmt ifs) { SetLine(ifs); If(ifs, wantValue: true); }
                else { Statement(s); Emit(OpCode.Nil); }
            }
            else Statement(s);
        }
        if (wantValue && n == 0) Emit(OpCode.Nil);
        ExitLocals(mark);
    }

    private void If(IfStmt i, bool wantValue)
    {
        // an else-if chain in a loop: it may have any number of branches
        var endJumps = new List<int>();
        for (var branch = i; ;)
        {
            SetLine(branch);
            int elseJump = EmitJumpIfFalse(branch.Condition);
            Block(branch.Then, wantValue);
            if (branch.Else is null && !wantValue)
            {
                PatchJump(elseJump);
                break;
            }
            endJumps.Add(EmitJump(OpCode.Jump));
            if (wantValue) _depth--; // the else path starts without the then value
            PatchJump(elseJump);
            if (branch.Else is IfStmt elseIf)
            {
                branch = elseIf;
                continue;
            }
            if (branch.Else is BlockStmt eb) Block(eb, wantValue);
            else Emit(OpCode.Nil);
            break;
        }
        foreach (int j in endJumps) PatchJump(j);
    }

    private LoopContext PushLoop(int backwardContinue = -1)
    {
        var l = new LoopContext { TryCount = _tries.Count, StackDepth = _depth, BackwardContinue = backwardContinue };
        _loops.Add(l);
        return l;
    }

    private void PopLoop(LoopContext l, int continueTarget, int breakTarget)
    {
        foreach (int j in l.ContinueJumps) _code[j] = continueTarget;
        foreach (int j in l.BreakJumps) _code[j] = breakTarget;
        _loops.RemoveAt(_loops.Count - 1);
    }

    private void While(WhileStmt w)
    {
        int start = Pc;
        var loop = PushLoop(backwardContinue: start);
        SetLine(w);
        int exit = EmitJumpIfFalse(w.Condition);
        Block(w.Body, wantValue: false);
        SetLine(w);
        Emit(OpCode.Loop, start);
        PatchJump(exit);
        PopLoop(loop, start, Pc);
    }

    private void For(ForStmt f)
    {
        int mark = EnterLocals(f.Locals);
        if (f.Init is not null) Statement(f.Init);
        int start = Pc;
        var loop = PushLoop();
        int exit = -1;
        if (f.Condition is not null)
        {
            SetLine(f);
            exit = EmitJumpIfFalse(f.Condition);
        }
        int bodyStart = Pc;
        Block(f.Body, wantValue: false);
        int continueTarget = Pc;
        if (CountingLoop(f) is { } counting)
        {
            // update + condition + back edge in one instruction; the first test stays at the top
            SetLine(f);
            MarkLine();
            _code.Add((int)OpCode.ForLoop);
            _code.Add(counting.Counter);
            _code.Add(counting.Step);
            _code.Add(counting.Bound);
            _code.Add((int)counting.Mode);
            _code.Add(bodyStart);
        }
        else
        {
            if (f.Update is not null) Statement(f.Update);
            SetLine(f);
            Emit(OpCode.Loop, start);
        }
        if (exit >= 0) PatchJump(exit);
        PopLoop(loop, continueTarget, Pc);
        ExitLocals(mark);
    }

    /// <summary>
    /// <c>for (...; i OP bound; i = i + step)</c> with i a plain local, OP one of &lt; &lt;= &gt; &gt;=,
    /// and step and bound plain locals or int literals: the shape ForLoop fuses.
    /// </summary>
    private (int Counter, int Step, int Bound, ForLoopMode Mode)? CountingLoop(ForStmt f)
    {
        if (f.Condition is not BinaryExpr cond || f.Update is not AssignStmt update) return null;
        ForLoopMode mode = cond.Op switch
        {
            TokenKind.Less => ForLoopMode.Lt,
            TokenKind.LessEqual => ForLoopMode.Le,
            TokenKind.Greater => ForLoopMode.Gt,
            TokenKind.GreaterEqual => ForLoopMode.Ge,
            _ => (ForLoopMode)(-1),
        };
        if ((int)mode < 0) return null;
        if (update.Target.Symbol is not { Captured: false } counter || counter.Owner != _node) return null;
        if (cond.Left is not VariableExpr { Symbol: var cl } || cl != counter) return null;
        if (update.Value is not BinaryExpr { Op: TokenKind.Plus, Left: VariableExpr { Symbol: var ul } } add || ul != counter) return null;
        if (!SimpleOperand(add.Right, out int step, out bool stepLocal) || !SimpleOperand(cond.Right, out int bound, out bool boundLocal)) return null;
        if (stepLocal) mode |= ForLoopMode.StepIsLocal;
        if (boundLocal) mode |= ForLoopMode.BoundIsLocal;
        return (counter.Slot, step, bound, mode);
    }

    private bool SimpleOperand(Expr e, out int value, out bool isLocal)
    {
        isLocal = false;
        value = 0;
        if (e is LiteralExpr { Value: long k } && k is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)k;
            return true;
        }
        if (e is VariableExpr { Symbol: { Captured: false } s } && s.Owner == _node)
        {
            value = s.Slot;
            isLocal = true;
            return true;
        }
        return false;
    }

    private void ForIn(ForInStmt fi)
    {
        Expression(fi.Iterable);
        SetLine(fi);
        int mark = _nextSlot;
        int state = AllocSlot();
        AllocSlot();
        Emit(OpCode.IterInit, state);
        int start = Pc;
        var loop = PushLoop(backwardContinue: start);
        Emit(OpCode.IterNext, state, 0);
        int exitOperand = Pc - 1;
        // fresh binding per iteration (SPEC 3.9.5)
        var sym = fi.Symbol!;
        int varMark = _nextSlot;
        sym.Slot = AllocSlot();
        if (sym.Captured) Emit(OpCode.NewCell, sym.Slot);
        StoreLocal(sym);
        Block(fi.Body, wantValue: false);
        _nextSlot = varMark;
        SetLine(fi);
        Emit(OpCode.Loop, start);
        _code[exitOperand] = Pc;
        PopLoop(loop, start, Pc);
        _nextSlot = mark;
    }

    private void MatchStatement(MatchStmt m)
    {
        Expression(m.Subject);
        int mark = _nextSlot;
        int subject = AllocSlot();
        Emit(OpCode.StoreLocal, subject);
        var endJumps = new List<int>();
        foreach (var arm in m.Arms)
        {
            var bodyJumps = new List<int>();
            bool always = false;
            foreach (var p in arm.Patterns)
            {
                if (p is null) { always = true; break; }
                Emit(OpCode.LoadLocal, subject);
                Expression(p);
                Emit(OpCode.Eq);
                bodyJumps.Add(EmitJump(OpCode.JumpIfTrue));
            }
            int next = always ? -1 : EmitJump(OpCode.Jump);
            foreach (int j in bodyJumps) PatchJump(j);
            Block(arm.Body, wantValue: false);
            endJumps.Add(EmitJump(OpCode.Jump));
            if (next >= 0) PatchJump(next);
            if (always) break;
        }
        foreach (int j in endJumps) PatchJump(j);
        _nextSlot = mark;
    }

    // ---- try / catch / finally ------------------------------------------------------------

    private Region OpenRegion(bool isFinally)
    {
        var r = new Region { StackDepth = _depth, IsFinally = isFinally, OpenStart = Pc };
        return r;
    }

    private void Suspend(Region r)
    {
        if (r.OpenStart >= 0)
        {
            if (Pc > r.OpenStart) r.Intervals.Add((r.OpenStart, Pc));
            r.OpenStart = -1;
        }
    }

    private void AddHandlers(Region r, int target)
    {
        Suspend(r);
        foreach (var (start, end) in r.Intervals)
            _handlers.Add(new ExceptionHandler(start, end, target, r.StackDepth, r.IsFinally));
    }

    private void Try(TryStmt t)
    {
        var ctx = new TryContext { Finally = t.Finally };
        // region A: the body. Its handler is the catch, or the finally (re-raise) without a catch.
        var regionA = OpenRegion(isFinally: !t.HasCatch);
        ctx.Active = regionA;
        _tries.Add(ctx);
        Block(t.Body, wantValue: false);
        _tries.RemoveAt(_tries.Count - 1);
        Suspend(regionA);
        if (t.Finally is not null) Block(t.Finally, wantValue: false);
        int endJump = EmitJump(OpCode.Jump);
        var endJumps = new List<int> { endJump };

        Region? regionB = null;
        if (t.HasCatch)
        {
            int catchTarget = Pc;
            AddHandlers(regionA, catchTarget);
            SetDepth(regionA.StackDepth + 1); // the raised value
            if (t.Finally is not null)
            {
                regionB = OpenRegion(isFinally: true);
                regionB.StackDepth = regionA.StackDepth;
                ctx.Active = regionB;
                _tries.Add(ctx);
            }
            var locals = t.CatchSymbol is null ? new List<LocalSymbol>() : [t.CatchSymbol];
            int mark = EnterLocals(locals);
            if (t.CatchSymbol is not null) StoreLocal(t.CatchSymbol);
            else Emit(OpCode.Pop);
            Block(t.CatchBody!, wantValue: false);
            ExitLocals(mark);
            if (regionB is not null)
            {
                _tries.RemoveAt(_tries.Count - 1);
                Suspend(regionB);
                Block(t.Finally!, wantValue: false);
            }
            endJumps.Add(EmitJump(OpCode.Jump));
        }

        if (t.Finally is not null)
        {
            // error path: keep the pending error, run finally, re-raise it
            int finallyTarget = Pc;
            if (!t.HasCatch) AddHandlers(regionA, finallyTarget);
            else AddHandlers(regionB!, finallyTarget);
            SetDepth(regionA.StackDepth + 1);
            int mark = _nextSlot;
            int pending = AllocSlot();
            Emit(OpCode.StoreLocal, pending);
            Block(t.Finally, wantValue: false);
            Emit(OpCode.LoadLocal, pending);
            Emit(OpCode.Throw);
            _nextSlot = mark;
        }
        _depth = regionA.StackDepth;
        foreach (int j in endJumps) PatchJump(j);
    }

    /// <summary>
    /// Emits the finally copies of the try statements being left (innermost first, down to
    /// tryFloor). While each copy is emitted, the regions it leaves are suspended, so an
    /// error inside a finally copy is not caught by its own try; then runs `tail` and
    /// resumes the regions.
    /// </summary>
    private void LeaveTries(int tryFloor, Action tail)
    {
        var saved = new List<TryContext>(_tries);
        var suspended = new List<Region>();
        for (int i = _tries.Count - 1; i >= tryFloor; i--)
        {
            var ctx = saved[i];
            Suspend(ctx.Active);
            suspended.Add(ctx.Active);
            if (ctx.Finally is not null)
            {
                // the copy runs outside try i and everything inside it
                _tries.RemoveRange(i, _tries.Count - i);
                Block(ctx.Finally, wantValue: false);
            }
        }
        tail();
        _tries.Clear();
        _tries.AddRange(saved);
        foreach (var r in suspended) r.OpenStart = Pc;
    }

    private void BreakOrContinue(Stmt s, bool isBreak)
    {
        if (_loops.Count == 0) throw Error(s, isBreak ? "break outside of loop" : "continue outside of loop");
        var loop = _loops[^1];
        int depth = _depth;
        LeaveTries(loop.TryCount, () =>
        {
            int extra = _depth - loop.StackDepth;
            if (extra > 0) Emit(OpCode.PopN, extra);
            if (!isBreak && loop.BackwardContinue >= 0)
            {
                // a back edge like the loop's own: a loop that only ever continues still counts
                Emit(OpCode.Loop, loop.BackwardContinue);
                return;
            }
            int j = EmitJump(OpCode.Jump);
            (isBreak ? loop.BreakJumps : loop.ContinueJumps).Add(j);
        });
        _depth = depth;
    }

    private void Return(ReturnStmt r)
    {
        bool anyFinally = _tries.Any(t => t.Finally is not null);
        if (!anyFinally && r.Value is not null && PlainLocal(r.Value) is int slot)
        {
            SetLine(r);
            Emit(OpCode.ReturnLocal, slot);
            return;
        }
        if (r.Value is null) Emit(OpCode.Nil);
        else Expression(r.Value);
        SetLine(r);
        int depth = _depth;
        if (!anyFinally)
        {
            Emit(OpCode.Return);
        }
        else
        {
            int mark = _nextSlot;
            int temp = AllocSlot();
            Emit(OpCode.StoreLocal, temp);
            LeaveTries(0, () =>
            {
                Emit(OpCode.LoadLocal, temp);
                Emit(OpCode.Return);
            });
            _nextSlot = mark;
        }
        _depth = depth - 1;
    }

    // ---- superinstructions -----------------------------------------------------------------

    /// <summary>
    /// <c>"lit" + a + b + ...</c>: once the leftmost operand is a string, every <c>+</c> of the
    /// chain is a concatenation (SPEC 3.6), so the chain becomes: each operand converted with
    /// str() right after it is evaluated (so the text is taken at the same moment as by the
    /// step-by-step additions), then one ConcatN that allocates only the final string.
    /// </summary>
    private bool TryConcatChain(BinaryExpr top)
    {
        var operands = new List<Expr>();
        Expr e = top;
        while (e is BinaryExpr { Op: TokenKind.Plus } add)
        {
            operands.Add(add.Right);
            e = add.Left;
        }
        // two operands are a chain too when the second is str(x): no call, one string
        if (e is not LiteralExpr { Value: string } || operands.Count == 0 || (operands.Count == 1 && !IsStrCall(operands[0], out _, out _))) return false;
        operands.Add(e);
        operands.Reverse();
        Expression(operands[0]);
        for (int i = 1; i < operands.Count; i++)
        {
            if (operands[i] is LiteralExpr { Value: string })
            {
                Expression(operands[i]);
                continue;
            }
            if (!TryStrCall(operands[i])) Expression(operands[i]);
            SetLine(top);
            Emit(OpCode.ToStr);
        }
        SetLine(top);
        Emit(OpCode.ConcatN, operands.Count);
        return true;
    }

    /// <summary>
    /// <c>str(x)</c> as an operand of a concatenation chain, where <c>str</c> is a global and x
    /// runs no code: compiled as the CallGlobal would be (x, then the call reading the global),
    /// as a StrCall, which skips the call when the global still holds the builtin and x is an
    /// int or a string. ToStr then leaves x as it is and ConcatN writes the int's digits
    /// straight into the result, as str() would have formatted them: one string allocated for
    /// <c>"k" + str(i)</c> instead of two, and no builtin call.
    /// </summary>
    private bool TryStrCall(Expr e)
    {
        if (!IsStrCall(e, out var g, out var arg)) return false;
        int slot = CheckedGlobal(g);
        Expression(arg);
        SetLine(e);
        Emit(OpCode.StrCall, slot);
        return true;
    }

    private static bool IsStrCall(Expr e, [NotNullWhen(true)] out VariableExpr? str, [NotNullWhen(true)] out Expr? arg)
    {
        (str, arg) = e is CallExpr { Callee: VariableExpr { Symbol: null, Name: "str" } g, Args: [var a] } && RunsNoCode(a) ? (g, a) : (null, null);
        return str is not null;
    }

    /// <summary>
    /// Compiles a condition and a jump taken when it is falsy. A comparison fuses with the
    /// jump (one dispatch, no bool pushed): same semantics as the two instructions.
    /// </summary>
    private int EmitJumpIfFalse(Expr cond)
    {
        if (cond is BinaryExpr b)
        {
            if (ImmediateForm(b) is (_, OpCode jumpK, int k))
            {
                if (PlainLocal(b.Left) is int slot)
                {
                    SetLine(b);
                    Emit(jumpK switch
                    {
                        OpCode.JumpIfNotLtK => OpCode.JumpIfNotLtLK,
                        OpCode.JumpIfNotLeK => OpCode.JumpIfNotLeLK,
                        OpCode.JumpIfNotGtK => OpCode.JumpIfNotGtLK,
                        OpCode.JumpIfNotGeK => OpCode.JumpIfNotGeLK,
                        OpCode.JumpIfNotEqK => OpCode.JumpIfNotEqLK,
                        _ => OpCode.JumpIfNotNeLK,
                    }, slot, k, -1);
                    return Pc - 1;
                }
                Expression(b.Left);
                SetLine(b);
                return EmitJump(jumpK, k);
            }
            OpCode? fused = b.Op switch
            {
                TokenKind.Less => OpCode.JumpIfNotLt,
                TokenKind.LessEqual => OpCode.JumpIfNotLe,
                TokenKind.Greater => OpCode.JumpIfNotGt,
                TokenKind.GreaterEqual => OpCode.JumpIfNotGe,
                TokenKind.EqualEqual => OpCode.JumpIfNotEq,
                TokenKind.BangEqual => OpCode.JumpIfNotNe,
                _ => null,
            };
            if (fused is OpCode op)
            {
                Operands(b);
                SetLine(b);
                return EmitJump(op);
            }
        }
        Expression(cond);
        return EmitJump(OpCode.JumpIfFalse);
    }

    /// <summary>
    /// Whether evaluating e could run an assignment of this function (a block or if
    /// expression holds statements). Nested functions cannot assign its uncaptured locals.
    /// Unknown expression kinds answer true.
    /// </summary>
    private static bool MayAssign(Expr e) => MayRun(e, callsCount: false);

    /// <summary>
    /// Whether evaluating e runs no call and no statement, so it cannot assign a global (or
    /// anything else). Operators, indexing and property reads run no Sentra code (SPEC has no
    /// overloading); creating a function runs none of it.
    /// </summary>
    private static bool RunsNoCode(Expr e) => !MayRun(e, callsCount: true);

    /// <summary>
    /// Whether evaluating e may run a statement, or (callsCount) a call. Unknown expression
    /// kinds answer true.
    /// </summary>
    private static bool MayRun(Expr e, bool callsCount)
    {
        // down chains (first operands) in a loop: they nest without bound
        while (true)
        {
            switch (e)
            {
                case LiteralExpr or VariableExpr or FunctionExpr: return false;
                case UnaryExpr u: e = u.Operand; break;
                case BinaryExpr b:
                    if (MayRun(b.Right, callsCount)) return true;
                    e = b.Left;
                    break;
                case LogicalExpr l:
                    if (MayRun(l.Right, callsCount)) return true;
                    e = l.Left;
                    break;
                case CallExpr c:
                    if (callsCount || c.Args.Exists(a => MayRun(a, callsCount))) return true;
                    e = c.Callee;
                    break;
                case IndexExpr ix:
                    if (MayRun(ix.Index, callsCount)) return true;
                    e = ix.Target;
                    break;
                case PropertyExpr p: e = p.Target; break;
                case ArrayExpr a: return a.Elements.Exists(x => MayRun(x, callsCount));
                case MapExpr m: return m.Entries.Exists(en => MayRun(en.Key, callsCount) || MayRun(en.Value, callsCount));
                default: return true;
            }
        }
    }

    /// <summary>The slot of a local of this function that is not captured (read with LoadLocal), else null.</summary>
    private int? PlainLocal(Expr e) =>
        e is VariableExpr { Symbol: { Captured: false } sym } && sym.Owner == _node ? sym.Slot : null;

    /// <summary>Pushes both operands of a binary expression (two plain locals in one instruction).</summary>
    private void Operands(BinaryExpr b)
    {
        if (b.Left is VariableExpr { Symbol: { Captured: false } l } && l.Owner == _node
            && b.Right is VariableExpr { Symbol: { Captured: false } r } && r.Owner == _node)
        {
            SetLine(b);
            Emit(OpCode.LoadLocal2, l.Slot, r.Slot);
            return;
        }
        Expression(b.Left);
        Expression(b.Right);
    }

    /// <summary><c>x = x + k</c> with an int literal k (on a plain local or a global) or <c>x = x + y</c> on plain locals; the full <c>+</c> semantics on a miss.</summary>
    private bool TryAddImmediate(AssignStmt a)
    {
        if (a.Value is not BinaryExpr { Op: TokenKind.Plus } b) return false;
        if (b.Left is not VariableExpr v || v.Name != a.Target.Name || v.Symbol != a.Target.Symbol) return false;
        if (v.Symbol is { Captured: false } x && x.Owner == _node
            && b.Right is VariableExpr { Symbol: { Captured: false } y } && y.Owner == _node)
        {
            SetLine(a);
            Emit(OpCode.AddLocalLocal, x.Slot, y.Slot);
            return true;
        }
        if (b.Right is not LiteralExpr { Value: long k } || k is > int.MaxValue or < int.MinValue) return false;
        int imm = (int)k;
        SetLine(a);
        var sym = a.Target.Symbol;
        if (sym is null)
        {
            Emit(OpCode.AddGlobalImm, _globals.SlotOf(a.Target.Name), imm);
            return true;
        }
        if (sym.Captured || sym.Owner != _node) return false;
        Emit(OpCode.AddLocalImm, sym.Slot, imm);
        return true;
    }

    // ---- expressions ----------------------------------------------------------------------

    /// <summary>What remains to compile of a chain link once its first operand is on the stack.</summary>
    private enum Link : byte
    {
        /// <summary>The operator with an immediate right operand (<see cref="ImmediateForm"/>).</summary>
        BinaryImmediate,
        /// <summary>The right operand, then the operator.</summary>
        Binary,
        /// <summary>The short-circuit jump, the right operand, the jump's target.</summary>
        Logical,
        /// <summary>The arguments, then CallMethod (the first operand is the receiver).</summary>
        CallMethod,
        /// <summary>The arguments, then Call (the first operand is the callee).</summary>
        Call,
        /// <summary>The index, then GetIndex (or GetIndexK).</summary>
        Index,
        /// <summary>GetProp.</summary>
        Property,
    }

    /// <summary>Chain links waiting for their first operand, shared by the nested <see cref="Expression"/> calls (each uses the part above where it started).</summary>
    private readonly List<(Expr Node, Link Link)> _links = [];

    /// <summary>
    /// Compiles an expression that leaves its value on the stack. Chains (<c>a + b + c</c> is
    /// <c>((a + b) + c)</c>, <c>a.b().c()</c>, <c>x[i][j]</c>, <c>a &amp;&amp; b &amp;&amp; c</c>) nest to the
    /// left without bound, so the loop goes down a chain's first operands without recursion,
    /// compiles the innermost, then finishes each link on the way out: the same code, in the
    /// same order, as compiling the first operand recursively. Recursion is left only for
    /// true nesting, which the parser bounds.
    /// </summary>
    private void Expression(Expr e)
    {
        EnterNode(e);
        int mark = _links.Count;
        bool inAddition = false;
        while (Begin(e, inAddition, out var link) is { } head)
        {
            _poll.Poll();
            _links.Add((e, link));
            inAddition = e is BinaryExpr { Op: TokenKind.Plus };
            e = head;
        }
        while (_links.Count > mark)
        {
            var (node, link) = _links[^1];
            _links.RemoveAt(_links.Count - 1);
            Finish(node, link);
        }
    }

    /// <summary>
    /// Per statement and expression: polls the host's cancellation, and makes a stack too
    /// small for this nesting a syntax error rather than a .NET stack overflow, whatever
    /// thread compiles (the parser bounds nesting; this covers a small stack).
    /// </summary>
    private void EnterNode(Node at)
    {
        _poll.Poll();
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw Error(at, "program nested too deeply");
    }

    /// <summary>
    /// Compiles e entirely and returns null, or, when e's code starts with the code of its
    /// first operand, compiles nothing and returns that operand (the rest is
    /// <see cref="Finish"/>'s). inAddition: e is the left operand of a <c>+</c> that is not a
    /// concatenation chain, so neither is e (<see cref="TryConcatChain"/> looks down the same
    /// <c>+</c> operands to the same leftmost one), and looking again would make long sums
    /// quadratic.
    /// </summary>
    private Expr? Begin(Expr e, bool inAddition, out Link link)
    {
        link = default;
        switch (e)
        {
            case LiteralExpr lit:
                Literal(lit.Value);
                return null;
            case VariableExpr v:
                SetLine(v);
                Load(v);
                return null;
            case UnaryExpr u:
                if (u.Op == TokenKind.Minus && u.Operand is LiteralExpr { Value: long or double } num)
                {
                    // folding a negated numeric literal is exactly the run-time result
                    object negated = num.Value is long l
                        ? (l == long.MinValue ? (object)(-(double)l) : (object)(-l))
                        : -(double)num.Value!;
                    Literal(negated);
                    return null;
                }
                Expression(u.Operand);
                SetLine(u);
                Emit(u.Op == TokenKind.Minus ? OpCode.Neg : OpCode.Not);
                return null;
            case BinaryExpr { Op: TokenKind.Plus } b when !inAddition && TryConcatChain(b):
                return null;
            case BinaryExpr { Op: TokenKind.Plus or TokenKind.Minus or TokenKind.Star } b
                when PlainLocal(b.Left) is int left && PlainLocal(b.Right) is int right:
                SetLine(b);
                Emit(b.Op switch { TokenKind.Plus => OpCode.AddLL, TokenKind.Minus => OpCode.SubLL, _ => OpCode.MulLL }, left, right);
                return null;
            case BinaryExpr b when ImmediateForm(b) is (OpCode opK and (OpCode.AddK or OpCode.SubK), _, int k) && PlainLocal(b.Left) is int slot:
                SetLine(b);
                Emit(opK == OpCode.AddK ? OpCode.AddLK : OpCode.SubLK, slot, k);
                return null;
            case BinaryExpr b when ImmediateForm(b) is not null:
                link = Link.BinaryImmediate;
                return b.Left;
            case BinaryExpr b when PlainLocal(b.Left) is int && PlainLocal(b.Right) is int:
                Operands(b); // one LoadLocal2
                SetLine(b);
                Emit(BinaryOp(b.Op));
                return null;
            case BinaryExpr b:
                link = Link.Binary;
                return b.Left;
            case LogicalExpr l:
                link = Link.Logical;
                return l.Left;
            case CallExpr { Callee: PropertyExpr p }:
                link = Link.CallMethod;
                return p.Target;
            case CallExpr { Callee: VariableExpr } c:
                Call(c);
                return null;
            case CallExpr c:
                link = Link.Call;
                return c.Callee;
            case IndexExpr ix when PlainLocal(ix.Target) is int mapSlot && ix.Index is LiteralExpr { Value: string name }:
                SetLine(ix);
                Emit(OpCode.GetIndexLC, mapSlot, StringConst(name));
                return null;
            case IndexExpr ix when PlainLocal(ix.Target) is int arraySlot
                                   && ix.Index is LiteralExpr { Value: long k and >= int.MinValue and <= int.MaxValue }:
                SetLine(ix);
                Emit(OpCode.GetIndexLK, arraySlot, (int)k);
                return null;
            case IndexExpr ix when PlainLocal(ix.Target) is int arraySlot && PlainLocal(ix.Index) is int indexSlot:
                SetLine(ix);
                Emit(OpCode.GetIndexLL, arraySlot, indexSlot);
                return null;
            case IndexExpr ix:
                link = Link.Index;
                return ix.Target;
            case PropertyExpr p when PlainLocal(p.Target) is int mapSlot:
                SetLine(p);
                Emit(OpCode.GetPropLC, mapSlot, StringConst(p.Name));
                return null;
            case PropertyExpr p:
                link = Link.Property;
                return p.Target;
            case ArrayExpr a:
                foreach (var x in a.Elements) Expression(x);
                SetLine(a);
                Emit(OpCode.NewArray, a.Elements.Count);
                return null;
            case MapExpr m:
                foreach (var (k, v) in m.Entries)
                {
                    Expression(k);
                    Expression(v);
                }
                SetLine(m);
                Emit(OpCode.NewMap, m.Entries.Count);
                return null;
            case FunctionExpr f:
                SetLine(f);
                EmitClosure(f.Function);
                return null;
            case IfExpr ie:
                If(ie.If, wantValue: true);
                return null;
            case BlockExpr be:
                Block(be.Block, wantValue: true);
                return null;
            default:
                throw new InvalidOperationException(e.GetType().Name);
        }
    }

    /// <summary>Compiles the rest of a chain link whose first operand is on the stack (see <see cref="Begin"/>).</summary>
    private void Finish(Expr e, Link link)
    {
        switch (link)
        {
            case Link.BinaryImmediate:
                {
                    var b = (BinaryExpr)e;
                    var (opK, _, k) = ImmediateForm(b)!.Value;
                    SetLine(b);
                    Emit(opK, k);
                    break;
                }
            case Link.Binary:
                {
                    var b = (BinaryExpr)e;
                    Expression(b.Right);
                    SetLine(b);
                    Emit(BinaryOp(b.Op));
                    break;
                }
            case Link.Logical:
                {
                    var l = (LogicalExpr)e;
                    int j = EmitJump(l.Op == TokenKind.AndAnd ? OpCode.JumpIfFalseOrPop : OpCode.JumpIfTrueOrPop);
                    Expression(l.Right);
                    PatchJump(j);
                    break;
                }
            case Link.CallMethod:
                {
                    var c = (CallExpr)e;
                    foreach (var a in c.Args) Expression(a);
                    SetLine(c);
                    Emit(OpCode.CallMethod, StringConst(((PropertyExpr)c.Callee).Name), c.Args.Count);
                    break;
                }
            case Link.Call:
                {
                    var c = (CallExpr)e;
                    foreach (var a in c.Args) Expression(a);
                    SetLine(c);
                    Emit(OpCode.Call, c.Args.Count);
                    break;
                }
            case Link.Index:
                {
                    var ix = (IndexExpr)e;
                    if (ix.Index is LiteralExpr { Value: string key })
                    {
                        SetLine(ix);
                        Emit(OpCode.GetIndexK, StringConst(key));
                        break;
                    }
                    Expression(ix.Index);
                    SetLine(ix);
                    Emit(OpCode.GetIndex);
                    break;
                }
            case Link.Property:
                {
                    var p = (PropertyExpr)e;
                    SetLine(p);
                    Emit(OpCode.GetProp, StringConst(p.Name));
                    break;
                }
        }
    }

    private static OpCode BinaryOp(TokenKind op) => op switch
    {
        TokenKind.Plus => OpCode.Add,
        TokenKind.Minus => OpCode.Sub,
        TokenKind.Star => OpCode.Mul,
        TokenKind.Slash => OpCode.Div,
        TokenKind.Percent => OpCode.Mod,
        TokenKind.EqualEqual => OpCode.Eq,
        TokenKind.BangEqual => OpCode.Ne,
        TokenKind.Less => OpCode.Lt,
        TokenKind.LessEqual => OpCode.Le,
        TokenKind.Greater => OpCode.Gt,
        TokenKind.GreaterEqual => OpCode.Ge,
        _ => throw new InvalidOperationException(op.ToString()),
    };

    private void Literal(object? value)
    {
        switch (value)
        {
            case null: Emit(OpCode.Nil); break;
            case bool b: Emit(b ? OpCode.True : OpCode.False); break;
            case long l when l is >= int.MinValue and <= int.MaxValue: Emit(OpCode.Int, (int)l); break;
            case long l: Emit(OpCode.Const, Const(Value.FromInt(l), l)); break;
            case double d: Emit(OpCode.Const, Const(Value.FromFloat(d), d)); break;
            case string s: Emit(OpCode.Const, StringConst(s)); break;
            default: throw new InvalidOperationException(value.GetType().Name);
        }
    }

    /// <summary>A call of a function named by a variable (method calls and other callees are chain links: <see cref="Begin"/>).</summary>
    private void Call(CallExpr c)
    {
        if (c.Callee is VariableExpr { Symbol: null } g && c.Args.TrueForAll(RunsNoCode))
        {
            // the global is read by the call itself, after the arguments: exactly the value
            // LoadGlobal would have read, since evaluating them cannot assign it. No copy of
            // the function goes onto the stack (no GC write barrier, no callee slot: the
            // result lands where the first argument was). A global that can be unassigned
            // when the call runs is checked first, so that error still comes before the
            // arguments'; builtins and hoisted top-level functions are always assigned
            CallWithoutCalleeSlot(c, OpCode.CallGlobal, CheckedGlobal(g));
            return;
        }
        if (c.Callee is VariableExpr { Symbol: { } sym })
        {
            // the same for a function in a plain local (arguments that cannot assign this
            // function's locals) or in an upvalue (arguments that run no code at all)
            if (sym.Owner == _node && !sym.Captured && !c.Args.Exists(MayAssign))
            {
                CallWithoutCalleeSlot(c, OpCode.CallLocal, sym.Slot);
                return;
            }
            if (sym.Owner != _node && c.Args.TrueForAll(RunsNoCode))
            {
                CallWithoutCalleeSlot(c, OpCode.CallUpval, ResolveUpvalue(sym));
                return;
            }
        }
        Expression(c.Callee);
        foreach (var a in c.Args) Expression(a);
        SetLine(c);
        Emit(OpCode.Call, c.Args.Count);
    }

    /// <summary>
    /// The slot of a global that a call reads after its arguments, checked first (CheckGlobal)
    /// unless it is always assigned (builtins, hoisted functions), so that the undefined-variable
    /// error still comes before the arguments'.
    /// </summary>
    private int CheckedGlobal(VariableExpr g)
    {
        int slot = _globals.SlotOf(g.Name);
        if (!_globals.AlwaysAssigned(g.Name))
        {
            SetLine(g);
            Emit(OpCode.CheckGlobal, slot);
        }
        return slot;
    }

    /// <summary>The arguments, then a call that reads its function from where it lives (global, local or upvalue).</summary>
    private void CallWithoutCalleeSlot(CallExpr c, OpCode op, int where)
    {
        foreach (var a in c.Args) Expression(a);
        SetLine(c);
        Emit(op, where, c.Args.Count);
    }
}
