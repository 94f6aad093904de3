using System.Runtime.CompilerServices;
using Sentra.Syntax;

namespace Sentra.Compilation;

/// <summary>
/// Name resolution (SPEC 3.9): gives every declaration a <see cref="LocalSymbol"/> (or leaves
/// it global), binds every variable reference to the innermost visible declaration, marks
/// locals captured by inner functions (they will live in cells), applies block-level
/// hoisting of <c>fn</c> declarations, and rejects assignments to constants. Bodies of nested
/// functions are resolved when their enclosing block closes, so a function sees every
/// declaration of the blocks around it, including later ones (hoisting, mutual recursion).
/// <para>
/// Chains of any length (<c>a + b + ...</c>, <c>a.b().c()...</c>, <c>else if</c>) are walked
/// in loops; recursion follows only true nesting, which the parser bounds, and a check of
/// the stack turns anything deeper than this thread allows into a syntax error.
/// </para>
/// </summary>
internal sealed class Resolver
{
    private sealed class Scope
    {
        public readonly Dictionary<string, LocalSymbol> Names = new(StringComparer.Ordinal);
        public required List<LocalSymbol>? Locals { get; init; }
        public required FunctionNode Function { get; init; }
        public bool IsGlobal { get; init; }
        public readonly List<Action> Deferred = [];
        /// <summary>Scopes visible from here (outward), captured for deferred resolution.</summary>
        public Scope? Parent { get; init; }
    }

    private readonly string _file;
    private readonly SourceText _text;
    private readonly HashSet<string> _globalConsts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _globalNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _exports = new(StringComparer.Ordinal);
    private Scope _scope = null!;

    private readonly CancellationPoll _poll;

    public Resolver(string file, string source, CancellationPoll poll)
    {
        _poll = poll;
        _file = file;
        _text = new SourceText(source);
    }

    /// <summary>Exported global names of the script.</summary>
    public Dictionary<string, int>.KeyCollection Exports => _exports.Keys;

    /// <summary>Global constants of the script (and of the pieces before it in a session).</summary>
    public IReadOnlySet<string> GlobalConsts => _globalConsts;

    /// <summary>Constants of the session's earlier pieces: assigning them stays a compile error.</summary>
    public void AddGlobalConsts(IEnumerable<string> names) => _globalConsts.UnionWith(names);

    public void ResolveScript(FunctionNode script)
    {
        var global = new Scope { Locals = null, Function = script, IsGlobal = true, Parent = null };
        _scope = global;
        foreach (var s in script.Body)
        {
            if (s is VarStmt { IsConst: true } v) _globalConsts.Add(v.Name);
        }
        StatementsWithHoisting(script.Body);
        CloseScope(global);
    }

    private SentraSyntaxException Error(Node at, string message) =>
        new(message, new SourceSpan(_file, at.Line, at.Column), _text.Line(at.Line));

    private void CloseScope(Scope s)
    {
        // deferred bodies may defer further functions into the same list
        for (int i = 0; i < s.Deferred.Count; i++) s.Deferred[i]();
        s.Deferred.Clear();
    }

    private Scope Push(List<LocalSymbol>? locals, FunctionNode? function = null)
    {
        var s = new Scope { Locals = locals, Function = function ?? _scope.Function, Parent = _scope };
        _scope = s;
        return s;
    }

    private void Pop(Scope s)
    {
        CloseScope(s);
        _scope = s.Parent!;
    }

    private LocalSymbol? Declare(string name, bool isConst, Node at)
    {
        if (_scope.IsGlobal)
        {
            _globalNames.Add(name);
            if (isConst) _globalConsts.Add(name);
            return null;
        }
        var sym = new LocalSymbol(name, isConst, _scope.Function);
        _scope.Names[name] = sym;
        _scope.Locals!.Add(sym);
        return sym;
    }

    private LocalSymbol? Lookup(string name, out bool isGlobalConst)
    {
        isGlobalConst = false;
        for (var s = _scope; s is not null; s = s.Parent)
        {
            if (s.IsGlobal) break;
            if (s.Names.TryGetValue(name, out var sym))
            {
                if (sym.Owner != _scope.Function) sym.Captured = true;
                return sym;
            }
        }
        isGlobalConst = _globalConsts.Contains(name);
        return null;
    }

    private void StatementsWithHoisting(List<Stmt> stmts)
    {
        // SPEC 3.9.4: function declarations are bound before any statement of the block runs
        foreach (var s in stmts)
        {
            if (s is FnDeclStmt f) f.Symbol = Declare(f.Function.Name, false, f);
        }
        foreach (var s in stmts) Statement(s);
    }

    private void Block(BlockStmt b)
    {
        var scope = Push(b.Locals);
        StatementsWithHoisting(b.Statements);
        Pop(scope);
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

    private void Statement(Stmt s)
    {
        EnterNode(s);
        switch (s)
        {
            case ExprStmt e: Expr(e.Expr); break;
            case VarStmt v:
                if (v.Init is not null) Expr(v.Init);
                if (v.IsExport && !_scope.IsGlobal) throw Error(v, "export is only allowed at the top level");
                v.Symbol = Declare(v.Name, v.IsConst, v);
                if (v.IsExport) _exports[v.Name] = 0;
                break;
            case FnDeclStmt f:
                if (f.IsExport)
                {
                    if (!_scope.IsGlobal) throw Error(f, "export is only allowed at the top level");
                    _exports[f.Function.Name] = 0;
                }
                Function(f.Function);
                break;
            case AssignStmt a:
                Expr(a.Value);
                Assign(a.Target);
                break;
            case IndexAssignStmt ia:
                Expr(ia.Target);
                Expr(ia.Index);
                Expr(ia.Value);
                break;
            case PropertyAssignStmt pa:
                Expr(pa.Target);
                Expr(pa.Value);
                break;
            case BlockStmt b: Block(b); break;
            case IfStmt i: If(i); break;
            case WhileStmt w:
                Expr(w.Condition);
                Block(w.Body);
                break;
            case ForStmt f:
                {
                    var scope = Push(f.Locals);
                    if (f.Init is not null) Statement(f.Init);
                    if (f.Condition is not null) Expr(f.Condition);
                    if (f.Update is not null) Statement(f.Update);
                    Block(f.Body);
                    Pop(scope);
                    break;
                }
            case ForInStmt fi:
                {
                    Expr(fi.Iterable);
                    var locals = new List<LocalSymbol>();
                    var scope = Push(locals);
                    fi.Symbol = Declare(fi.Variable, false, fi);
                    Block(fi.Body);
                    Pop(scope);
                    break;
                }
            case MatchStmt m:
                Expr(m.Subject);
                foreach (var arm in m.Arms)
                {
                    foreach (var p in arm.Patterns) if (p is not null) Expr(p);
                    Block(arm.Body);
                }
                break;
            case TryStmt t:
                Block(t.Body);
                if (t.CatchBody is not null)
                {
                    var locals = new List<LocalSymbol>();
                    var scope = Push(locals);
                    if (t.CatchName is not null) t.CatchSymbol = Declare(t.CatchName, false, t);
                    Block(t.CatchBody);
                    Pop(scope);
                }
                if (t.Finally is not null) Block(t.Finally);
                break;
            case ThrowStmt th: Expr(th.Value); break;
            case ReturnStmt r: if (r.Value is not null) Expr(r.Value); break;
            case BreakStmt or ContinueStmt: break;
            case ImportStmt im:
                im.Symbol = Declare(im.BindName, false, im);
                break;
            default: throw new InvalidOperationException(s.GetType().Name);
        }
    }

    private void If(IfStmt i)
    {
        // an else-if chain in a loop: it may have any number of branches
        for (IfStmt? branch = i; branch is not null; branch = branch.Else as IfStmt)
        {
            Expr(branch.Condition);
            Block(branch.Then);
            if (branch.Else is BlockStmt b) Block(b);
        }
    }

    private void Assign(VariableExpr target)
    {
        var sym = Lookup(target.Name, out bool globalConst);
        if ((sym is not null && sym.IsConst) || (sym is null && globalConst))
            throw Error(target, $"cannot assign to constant '{target.Name}'");
        target.Symbol = sym;
        if (sym is null) _globalNames.Add(target.Name);
    }

    private void Function(FunctionNode fn)
    {
        // resolved when the enclosing block closes (see the class summary)
        var at = _scope;
        at.Deferred.Add(() =>
        {
            var saved = _scope;
            _scope = at;
            var scope = Push(fn.BodyLocals, fn);
            foreach (var p in fn.Params)
            {
                var sym = new LocalSymbol(p, false, fn);
                scope.Names[p] = sym;
                fn.ParamSymbols.Add(sym);
            }
            StatementsWithHoisting(fn.Body);
            Pop(scope);
            _scope = saved;
        });
    }

    private void Expr(Expr e)
    {
        EnterNode(e);
        // Down a chain's first operands (a + b + c is ((a + b) + c)) in a loop, then the other
        // operands of each link from the innermost out: the left-to-right order of the source.
        List<Expr>? links = null;
        while (ChainHead(e) is { } head)
        {
            _poll.Poll();
            (links ??= []).Add(e);
            e = head;
        }
        switch (e)
        {
            case LiteralExpr: break;
            case VariableExpr v: v.Symbol = Lookup(v.Name, out _); break;
            case UnaryExpr u: Expr(u.Operand); break;
            case ArrayExpr a: foreach (var x in a.Elements) Expr(x); break;
            case MapExpr m:
                foreach (var (k, v) in m.Entries) { Expr(k); Expr(v); }
                break;
            case FunctionExpr f: Function(f.Function); break;
            case IfExpr ie: If(ie.If); break;
            case BlockExpr be: Block(be.Block); break;
            default: throw new InvalidOperationException(e.GetType().Name);
        }
        if (links is null) return;
        for (int i = links.Count - 1; i >= 0; i--)
        {
            switch (links[i])
            {
                case BinaryExpr b: Expr(b.Right); break;
                case LogicalExpr l: Expr(l.Right); break;
                case CallExpr c: foreach (var a in c.Args) Expr(a); break;
                case IndexExpr ix: Expr(ix.Index); break;
            }
        }
    }

    /// <summary>The first operand of a link of a chain (which the parser nests to the left without bound), or null.</summary>
    private static Expr? ChainHead(Expr e) => e switch
    {
        BinaryExpr b => b.Left,
        LogicalExpr l => l.Left,
        CallExpr c => c.Callee,
        IndexExpr ix => ix.Target,
        PropertyExpr p => p.Target,
        _ => null,
    };
}
