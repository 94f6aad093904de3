using System.Runtime.CompilerServices;

namespace Sentra.Syntax;

/// <summary>
/// Recursive-descent parser for SPEC section 2 (with every PROPOSED fix). Nesting is bounded
/// (<see cref="MaxDepth"/>) so that no input can overflow the CLR stack: too deep input is
/// a syntax error. Chains (binary operators, postfix calls and indexing, <c>else if</c>)
/// are parsed in loops, so their length is not nesting; the tree nests them to the left,
/// and the resolver and compiler walk them in loops too.
/// </summary>
public sealed class Parser
{
    /// <summary>Deepest nesting of expressions/blocks accepted.</summary>
    public const int MaxDepth = 400;

    private readonly List<Token> _tokens;
    private readonly string _file;
    private readonly SourceText _text;
    private int _current;
    private int _depth;
    private FunctionNode _function = null!;
    private readonly CancellationPoll _poll;

    private Parser(List<Token> tokens, string file, string source, CancellationPoll poll)
    {
        _poll = poll;
        _tokens = tokens;
        _file = file;
        _text = new SourceText(source);
    }

    /// <summary>Parses a whole script into its top-level function.</summary>
    /// <param name="source">The script's text.</param>
    /// <param name="file">The file name errors report.</param>
    /// <param name="cancellation">Checked as parsing goes (a host's timeout or cancellation covers compilation): <see cref="OperationCanceledException"/>.</param>
    public static FunctionNode ParseScript(string source, string file, CancellationToken cancellation = default) =>
        ParseScript(source, file, new CancellationPoll(cancellation), cancellation);

    internal static FunctionNode ParseScript(string source, string file, CancellationPoll poll, CancellationToken cancellation)
    {
        var tokens = new Lexer(source, file, cancellation).Tokenize();
        var p = new Parser(tokens, file, source, poll);
        return p.Script();
    }

    private FunctionNode Script()
    {
        var body = new List<Stmt>();
        var script = new FunctionNode { Name = "<script>", Params = [], Body = body, IsScript = true, Line = 1, Column = 1 };
        _function = script;
        while (!Check(TokenKind.Eof)) body.Add(Statement());
        return script;
    }

    // ---- helpers -----------------------------------------------------------------------

    private Token Peek => _tokens[_current];
    private Token PeekAt(int n) => _tokens[Math.Min(_current + n, _tokens.Count - 1)];
    private bool Check(TokenKind k) => _tokens[_current].Kind == k;
    private Token Advance() { var t = _tokens[_current]; if (t.Kind != TokenKind.Eof) _current++; return t; }
    private bool Match(TokenKind k) { if (Check(k)) { _current++; return true; } return false; }

    private Token Consume(TokenKind k, string what)
    {
        if (Check(k)) return Advance();
        throw Error(Peek, $"{what} (got '{Describe(Peek)}')");
    }

    private static string Describe(Token t) => t.Kind == TokenKind.Eof ? "EOF" : t.Lexeme;

    private SentraSyntaxException Error(Token at, string message) =>
        new(message, new SourceSpan(_file, at.Line, at.Column), _text.Line(at.Line));

    private void Enter()
    {
        if (++_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error(Peek, "program nested too deeply");
    }

    private void Leave() => _depth--;

    // ---- statements --------------------------------------------------------------------

    private Stmt Statement()
    {
        _poll.Poll();
        Enter();
        try
        {
            var s = StatementInner();
            while (Match(TokenKind.Semicolon)) { }
            return s;
        }
        finally { Leave(); }
    }

    private Stmt StatementInner()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Semicolon:
                Advance();
                return new BlockStmt { Statements = [], Line = t.Line, Column = t.Column };
            case TokenKind.Fn when PeekAt(1).Kind != TokenKind.LParen:
                Advance();
                return new FnDeclStmt { Function = FunctionRest(t, named: true), Line = t.Line, Column = t.Column };
            case TokenKind.Let:
            case TokenKind.Var:
            case TokenKind.Const:
                Advance();
                return VarDecl(t, t.Kind == TokenKind.Const, export: false);
            case TokenKind.If:
                Advance();
                return IfStatement(t);
            case TokenKind.While:
                {
                    Advance();
                    var cond = Expression();
                    var body = Block("Expect '{' before while body");
                    return new WhileStmt { Condition = cond, Body = body, Line = t.Line, Column = t.Column };
                }
            case TokenKind.For:
                Advance();
                return ForStatement(t);
            case TokenKind.Match:
                Advance();
                return MatchStatement(t);
            case TokenKind.Try:
                Advance();
                return TryStatement(t);
            case TokenKind.Throw:
                Advance();
                return new ThrowStmt { Value = Expression(), Line = t.Line, Column = t.Column };
            case TokenKind.Return:
                {
                    Advance();
                    Expr? value = null;
                    if (!Check(TokenKind.RBrace) && !Check(TokenKind.Semicolon) && !Check(TokenKind.Comma) && !Check(TokenKind.Eof))
                        value = Expression();
                    return new ReturnStmt { Value = value, Line = t.Line, Column = t.Column };
                }
            case TokenKind.Break:
                Advance();
                return new BreakStmt { Line = t.Line, Column = t.Column };
            case TokenKind.Continue:
                Advance();
                return new ContinueStmt { Line = t.Line, Column = t.Column };
            case TokenKind.Import:
                Advance();
                return ImportStatement(t);
            case TokenKind.Export:
                Advance();
                return ExportStatement(t);
            case TokenKind.Spawn:
            case TokenKind.Channel:
                throw Error(t, $"Unexpected token in expression: '{t.Lexeme}'");
            default:
                return ExpressionOrAssignment();
        }
    }

    private Stmt ExpressionOrAssignment()
    {
        var start = Peek;
        var expr = Expression();
        if (Check(TokenKind.Assign))
        {
            var eq = Advance();
            var value = Expression();
            return expr switch
            {
                VariableExpr v => new AssignStmt { Target = v, Value = value, Line = start.Line, Column = start.Column },
                IndexExpr ix => new IndexAssignStmt { Target = ix.Target, Index = ix.Index, Value = value, Line = start.Line, Column = start.Column },
                PropertyExpr p => new PropertyAssignStmt { Target = p.Target, Name = p.Name, Value = value, Line = start.Line, Column = start.Column },
                _ => throw Error(eq, "Invalid assignment target"),
            };
        }
        return new ExprStmt { Expr = expr, Line = start.Line, Column = start.Column };
    }

    private VarStmt VarDecl(Token kw, bool isConst, bool export)
    {
        var name = Consume(TokenKind.Identifier, "Expect variable name");
        Expr? init = null;
        if (isConst || Check(TokenKind.Assign))
        {
            Consume(TokenKind.Assign, isConst ? "Expect '=' after constant name" : "Expect '=' after variable name");
            init = Expression();
        }
        return new VarStmt { Name = name.Lexeme, Init = init, IsConst = isConst, IsExport = export, Line = kw.Line, Column = kw.Column };
    }

    private IfStmt IfStatement(Token kw)
    {
        // an else-if chain is parsed in a loop, not by recursion: it may have any number of
        // branches (it nests in the tree, whose walkers follow it in loops too)
        var branches = new List<(Token Keyword, Expr Condition, BlockStmt Then)>();
        Stmt? @else = null;
        for (var at = kw; ;)
        {
            var cond = Expression();
            var then = Block("Expect '{' after if condition");
            branches.Add((at, cond, then));
            if (!Match(TokenKind.Else)) break;
            if (!Check(TokenKind.If))
            {
                @else = Block("Expect '{' after else");
                break;
            }
            at = Advance();
        }
        for (int i = branches.Count - 1; i >= 0; i--)
        {
            var (at, cond, then) = branches[i];
            @else = new IfStmt { Condition = cond, Then = then, Else = @else, Line = at.Line, Column = at.Column };
        }
        return (IfStmt)@else!;
    }

    private Stmt ForStatement(Token kw)
    {
        if (Check(TokenKind.Identifier) && PeekAt(1).Kind == TokenKind.In)
        {
            var name = Advance();
            Advance();
            var iterable = Expression();
            var body = Block("Expect '{' before for body");
            return new ForInStmt { Variable = name.Lexeme, Iterable = iterable, Body = body, Line = kw.Line, Column = kw.Column };
        }
        Consume(TokenKind.LParen, "Expect '(' after 'for'");
        Stmt? init = null;
        if (!Check(TokenKind.Semicolon))
        {
            if (Check(TokenKind.Let) || Check(TokenKind.Var))
            {
                var t = Advance();
                var name = Consume(TokenKind.Identifier, "Expect variable name");
                Consume(TokenKind.Assign, "Expect '=' after variable name");
                init = new VarStmt { Name = name.Lexeme, Init = Expression(), Line = t.Line, Column = t.Column };
            }
            else init = ExpressionOrAssignment();
        }
        Consume(TokenKind.Semicolon, "Expect ';' after for initializer");
        Expr? cond = Check(TokenKind.Semicolon) ? null : Expression();
        Consume(TokenKind.Semicolon, "Expect ';' after for condition");
        Stmt? update = Check(TokenKind.RParen) ? null : ExpressionOrAssignment();
        Consume(TokenKind.RParen, "Expect ')' after for clauses");
        var forBody = Block("Expect '{' before for body");
        return new ForStmt { Init = init, Condition = cond, Update = update, Body = forBody, Line = kw.Line, Column = kw.Column };
    }

    private MatchStmt MatchStatement(Token kw)
    {
        var subject = Expression();
        Consume(TokenKind.LBrace, "Expect '{' after match subject");
        var arms = new List<MatchArm>();
        while (!Check(TokenKind.RBrace) && !Check(TokenKind.Eof))
        {
            var patterns = new List<Expr?>();
            do
            {
                if (Match(TokenKind.Underscore)) patterns.Add(null);
                else patterns.Add(Expression());
            } while (Match(TokenKind.Pipe));
            var arrow = Consume(TokenKind.FatArrow, "Expect '=>' after match pattern");
            BlockStmt body;
            if (Check(TokenKind.LBrace)) body = Block("Expect '{'");
            else
            {
                var s = Statement();
                body = new BlockStmt { Statements = [s], Line = arrow.Line, Column = arrow.Column };
            }
            arms.Add(new MatchArm { Patterns = patterns, Body = body });
            Match(TokenKind.Comma);
        }
        Consume(TokenKind.RBrace, "Expect '}' after match arms");
        return new MatchStmt { Subject = subject, Arms = arms, Line = kw.Line, Column = kw.Column };
    }

    private TryStmt TryStatement(Token kw)
    {
        var body = Block("Expect '{' after 'try'");
        bool hasCatch = false;
        string? name = null;
        BlockStmt? catchBody = null, fin = null;
        if (Match(TokenKind.Catch))
        {
            hasCatch = true;
            if (Check(TokenKind.Identifier)) name = Advance().Lexeme;
            else if (Check(TokenKind.LParen))
            {
                Advance();
                name = Consume(TokenKind.Identifier, "Expect variable name").Lexeme;
                Consume(TokenKind.RParen, "Expect ')' after catch variable");
            }
            catchBody = Block("Expect '{' after catch");
        }
        if (Match(TokenKind.Finally)) fin = Block("Expect '{' after finally");
        if (!hasCatch && fin is null) throw Error(Peek, $"Expect 'catch' or 'finally' after try block (got '{Describe(Peek)}')");
        return new TryStmt { Body = body, HasCatch = hasCatch, CatchName = name, CatchBody = catchBody, Finally = fin, Line = kw.Line, Column = kw.Column };
    }

    private ImportStmt ImportStatement(Token kw)
    {
        string path, bind;
        if (Check(TokenKind.String))
        {
            path = (string)Advance().Literal!;
            bind = BaseName(path);
        }
        else
        {
            var id = Consume(TokenKind.Identifier, "Expect module name after 'import'");
            path = bind = id.Lexeme;
        }
        if (Match(TokenKind.As)) bind = Consume(TokenKind.Identifier, "Expect name after 'as'").Lexeme;
        return new ImportStmt { Path = path, BindName = bind, Line = kw.Line, Column = kw.Column };
    }

    /// <summary>SPEC 3.13: base name without directory and without a .sn extension.</summary>
    public static string BaseName(string path)
    {
        var s = path.Replace('\\', '/');
        int slash = s.LastIndexOf('/');
        if (slash >= 0) s = s[(slash + 1)..];
        if (s.EndsWith(".sn", StringComparison.Ordinal)) s = s[..^3];
        return s;
    }

    private Stmt ExportStatement(Token kw)
    {
        var t = Peek;
        if (t.Kind == TokenKind.Fn)
        {
            Advance();
            return new FnDeclStmt { Function = FunctionRest(t, named: true), IsExport = true, Line = t.Line, Column = t.Column };
        }
        if (t.Kind is TokenKind.Let or TokenKind.Var or TokenKind.Const)
        {
            Advance();
            var name = Consume(TokenKind.Identifier, "Expect variable name");
            Consume(TokenKind.Assign, "Expect '=' after variable name");
            var init = Expression();
            return new VarStmt { Name = name.Lexeme, Init = init, IsConst = t.Kind == TokenKind.Const, IsExport = true, Line = kw.Line, Column = kw.Column };
        }
        throw Error(t, $"Expect declaration after 'export' (got '{Describe(t)}')");
    }

    private BlockStmt Block(string expectMessage)
    {
        var open = Consume(TokenKind.LBrace, expectMessage);
        return BlockRest(open);
    }

    private BlockStmt BlockRest(Token open)
    {
        Enter();
        try
        {
            var stmts = new List<Stmt>();
            while (!Check(TokenKind.RBrace) && !Check(TokenKind.Eof)) stmts.Add(Statement());
            Consume(TokenKind.RBrace, "Expect '}' after block");
            return new BlockStmt { Statements = stmts, Line = open.Line, Column = open.Column };
        }
        finally { Leave(); }
    }

    private FunctionNode FunctionRest(Token fnToken, bool named)
    {
        string name = "<lambda>";
        if (named) name = Consume(TokenKind.Identifier, "Expect function name").Lexeme;
        Consume(TokenKind.LParen, "Expect '(' after 'fn'");
        var ps = new List<string>();
        if (!Check(TokenKind.RParen))
        {
            do
            {
                var p = Consume(TokenKind.Identifier, "Expect parameter name");
                ps.Add(p.Lexeme);
            } while (Match(TokenKind.Comma));
        }
        Consume(TokenKind.RParen, "Expect ')' after parameters");
        if (Match(TokenKind.Colon)) Consume(TokenKind.Identifier, "Expect type name after ':'");
        var fn = new FunctionNode { Name = name, Params = ps, Body = [], Line = fnToken.Line, Column = fnToken.Column };
        var saved = _function;
        fn.Enclosing = saved;
        _function = fn;
        Enter();
        try
        {
            if (Match(TokenKind.FatArrow))
            {
                var at = Peek;
                var e = Expression();
                fn.Body.Add(new ReturnStmt { Value = e, Line = at.Line, Column = at.Column });
            }
            else
            {
                var block = Block("Expect '{' before function body");
                fn.Body.AddRange(block.Statements);
            }
        }
        finally
        {
            Leave();
            _function = saved;
        }
        return fn;
    }

    // ---- expressions -------------------------------------------------------------------

    private Expr Expression()
    {
        Enter();
        try { return Or(); }
        finally { Leave(); }
    }

    private Expr Or()
    {
        var e = And();
        while (Check(TokenKind.OrOr))
        {
            var op = Advance();
            e = new LogicalExpr { Op = op.Kind, Left = e, Right = And(), Line = op.Line, Column = op.Column };
        }
        return e;
    }

    private Expr And()
    {
        var e = Comparison();
        while (Check(TokenKind.AndAnd))
        {
            var op = Advance();
            e = new LogicalExpr { Op = op.Kind, Left = e, Right = Comparison(), Line = op.Line, Column = op.Column };
        }
        return e;
    }

    private Expr Comparison()
    {
        var e = Additive();
        while (Peek.Kind is TokenKind.EqualEqual or TokenKind.BangEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual)
        {
            var op = Advance();
            e = new BinaryExpr { Op = op.Kind, Left = e, Right = Additive(), Line = op.Line, Column = op.Column };
        }
        return e;
    }

    private Expr Additive()
    {
        var e = Multiplicative();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            e = new BinaryExpr { Op = op.Kind, Left = e, Right = Multiplicative(), Line = op.Line, Column = op.Column };
        }
        return e;
    }

    private Expr Multiplicative()
    {
        var e = Unary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            e = new BinaryExpr { Op = op.Kind, Left = e, Right = Unary(), Line = op.Line, Column = op.Column };
        }
        return e;
    }

    private Expr Unary()
    {
        if (Peek.Kind is TokenKind.Bang or TokenKind.Minus)
        {
            var op = Advance();
            Enter();
            try
            {
                // -9223372036854775808 is the one literal that only fits when negated
                if (op.Kind == TokenKind.Minus && Check(TokenKind.Int) && Peek.Literal is null)
                {
                    var lit = Advance();
                    Expr min = new LiteralExpr { Value = long.MinValue, Line = lit.Line, Column = lit.Column };
                    return Postfix(min);
                }
                var operand = Unary();
                return new UnaryExpr { Op = op.Kind, Operand = operand, Line = op.Line, Column = op.Column };
            }
            finally { Leave(); }
        }
        return Postfix(Primary());
    }

    private Expr Postfix(Expr e)
    {
        while (true)
        {
            if (Check(TokenKind.LParen))
            {
                var open = Advance();
                var args = new List<Expr>();
                if (!Check(TokenKind.RParen))
                {
                    do { args.Add(Expression()); } while (Match(TokenKind.Comma));
                }
                Consume(TokenKind.RParen, "Expect ')' after arguments");
                e = new CallExpr { Callee = e, Args = args, Line = open.Line, Column = open.Column };
            }
            else if (Check(TokenKind.LBracket))
            {
                var open = Advance();
                var index = Expression();
                Consume(TokenKind.RBracket, "Expect ']' after index");
                e = new IndexExpr { Target = e, Index = index, Line = open.Line, Column = open.Column };
            }
            else if (Check(TokenKind.Dot))
            {
                var dot = Advance();
                var name = Consume(TokenKind.Identifier, "Expect property name after '.'");
                e = new PropertyExpr { Target = e, Name = name.Lexeme, Line = dot.Line, Column = dot.Column };
            }
            else return e;
        }
    }

    private Expr Primary()
    {
        _poll.Poll();
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Int:
                Advance();
                if (t.Literal is null) throw Error(t, "integer literal out of range");
                return new LiteralExpr { Value = (long)t.Literal, Line = t.Line, Column = t.Column };
            case TokenKind.Float:
                Advance();
                return new LiteralExpr { Value = (double)t.Literal!, Line = t.Line, Column = t.Column };
            case TokenKind.String:
                Advance();
                return new LiteralExpr { Value = (string)t.Literal!, Line = t.Line, Column = t.Column };
            case TokenKind.True:
                Advance();
                return new LiteralExpr { Value = true, Line = t.Line, Column = t.Column };
            case TokenKind.False:
                Advance();
                return new LiteralExpr { Value = false, Line = t.Line, Column = t.Column };
            case TokenKind.Nil:
                Advance();
                return new LiteralExpr { Value = null, Line = t.Line, Column = t.Column };
            case TokenKind.Identifier:
                Advance();
                return new VariableExpr { Name = t.Lexeme, Line = t.Line, Column = t.Column };
            case TokenKind.LParen:
                {
                    Advance();
                    var e = Expression();
                    Consume(TokenKind.RParen, "Expect ')' after expression");
                    return e;
                }
            case TokenKind.LBracket:
                {
                    Advance();
                    var elems = new List<Expr>();
                    while (!Check(TokenKind.RBracket))
                    {
                        elems.Add(Expression());
                        if (!Match(TokenKind.Comma)) break;
                    }
                    Consume(TokenKind.RBracket, "Expect ']' after array elements");
                    return new ArrayExpr { Elements = elems, Line = t.Line, Column = t.Column };
                }
            case TokenKind.LBrace:
                {
                    if (IsMapLiteral()) return MapLiteral();
                    var open = Advance();
                    var block = BlockRest(open);
                    return new BlockExpr { Block = block, Line = t.Line, Column = t.Column };
                }
            case TokenKind.Fn:
                Advance();
                return new FunctionExpr { Function = FunctionRest(t, named: false), Line = t.Line, Column = t.Column };
            case TokenKind.If:
                {
                    Advance();
                    var s = IfStatement(t);
                    return new IfExpr { If = s, Line = t.Line, Column = t.Column };
                }
            default:
                throw Error(t, t.Kind == TokenKind.Eof
                    ? "Unexpected end of file in expression"
                    : $"Unexpected token in expression: '{t.Lexeme}'");
        }
    }

    /// <summary>SPEC 2.2 rule 1.</summary>
    private bool IsMapLiteral()
    {
        var next = PeekAt(1);
        if (next.Kind == TokenKind.RBrace) return true;
        return next.Kind is TokenKind.String or TokenKind.Identifier or TokenKind.Int or TokenKind.Float
            && PeekAt(2).Kind == TokenKind.Colon;
    }

    private Expr MapLiteral()
    {
        var open = Advance();
        var entries = new List<(Expr, Expr)>();
        while (!Check(TokenKind.RBrace))
        {
            Expr key;
            if (Check(TokenKind.Identifier) && PeekAt(1).Kind == TokenKind.Colon)
            {
                var id = Advance();
                key = new LiteralExpr { Value = id.Lexeme, Line = id.Line, Column = id.Column };
            }
            else key = Expression();
            Consume(TokenKind.Colon, "Expect ':' after map key");
            var value = Expression();
            entries.Add((key, value));
            if (!Match(TokenKind.Comma)) break;
        }
        Consume(TokenKind.RBrace, "Expect '}' after map entries");
        return new MapExpr { Entries = entries, Line = open.Line, Column = open.Column };
    }
}
