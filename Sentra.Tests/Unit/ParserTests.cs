using Sentra.Syntax;
using Xunit;

namespace Sentra.Tests.Unit;

public sealed class ParserTests
{
    private static List<Stmt> Parse(string s) => Parser.ParseScript(s, "t.sn").Body;

    [Fact]
    public void PostfixBindsTighterThanPrefix()
    {
        var e = ((ExprStmt)Parse("-a[0]")[0]).Expr;
        var u = Assert.IsType<UnaryExpr>(e);
        Assert.IsType<IndexExpr>(u.Operand);
        var n = Assert.IsType<UnaryExpr>(((ExprStmt)Parse("!f()")[0]).Expr);
        Assert.IsType<CallExpr>(n.Operand);
    }

    [Fact]
    public void NewlinesDoNotTerminateStatements()
    {
        var s = Parse("let b = a\n-1");
        Assert.Single(s);
        Assert.IsType<BinaryExpr>(((VarStmt)s[0]).Init);
    }

    [Fact]
    public void ComparisonIsOneLeftAssociativeLevel()
    {
        var b = Assert.IsType<BinaryExpr>(((ExprStmt)Parse("a < b == c")[0]).Expr);
        Assert.Equal(TokenKind.EqualEqual, b.Op);
        Assert.IsType<BinaryExpr>(b.Left);
    }

    [Fact]
    public void BraceDisambiguation()
    {
        Assert.IsType<MapExpr>(((VarStmt)Parse("let m = {}")[0]).Init);
        Assert.IsType<MapExpr>(((VarStmt)Parse("let m = {a: 1}")[0]).Init);
        Assert.IsType<BlockExpr>(((VarStmt)Parse("let m = { 1 + 2 }")[0]).Init);
        var map = (MapExpr)((VarStmt)Parse("let m = {name: 1}")[0]).Init!;
        Assert.Equal("name", ((LiteralExpr)map.Entries[0].Key).Value);
    }

    [Fact]
    public void AssignmentForms()
    {
        var s = Parse("x = 1 a[0] = 2 o.f = 3");
        Assert.IsType<AssignStmt>(s[0]);
        Assert.IsType<IndexAssignStmt>(s[1]);
        Assert.IsType<PropertyAssignStmt>(s[2]);
    }

    [Fact]
    public void MatchWithAlternativesAndBlocks()
    {
        var m = Assert.IsType<MatchStmt>(Parse("match x { 1 | 2 | 3 => { log(1) } _ => log(2), }")[0]);
        Assert.Equal(3, m.Arms[0].Patterns.Count);
        Assert.Null(m.Arms[1].Patterns[0]);
    }

    [Fact]
    public void ReturnWithoutValueBeforeBrace()
    {
        var f = Assert.IsType<FnDeclStmt>(Parse("fn f() { return }")[0]);
        Assert.Null(Assert.IsType<ReturnStmt>(f.Function.Body[0]).Value);
    }

    [Theory]
    [InlineData("let a = 1; let b = 2;")]
    [InlineData("fn f(x): int { return x }")]
    [InlineData("try { } catch (e) { }")]
    [InlineData("const X = 1")]
    [InlineData("fn outer() { fn inner() { } }")]
    [InlineData("fn() { }()")]
    public void ProposedAdditionsParse(string src) => Assert.NotEmpty(Parse(src));

    [Theory]
    [InlineData("x += 1", 1, 4, "Unexpected token in expression: '='")]
    [InlineData("let _ = 1", 1, 5, "Expect variable name (got '_')")]
    [InlineData("f(1, 2", 1, 7, "Expect ')' after arguments (got 'EOF')")]
    [InlineData("while x log(1)", 1, 9, "Expect '{' before while body (got 'log')")]
    [InlineData("a ? b : c", 1, 3, "Unexpected character '?'")]
    public void SyntaxErrors(string src, int line, int col, string message)
    {
        var e = Assert.Throws<SentraSyntaxException>(() => Parse(src));
        Assert.Equal(message, e.ErrorMessage);
        Assert.Equal(line, e.Span!.Value.Line);
        Assert.Equal(col, e.Span!.Value.Column);
    }

    [Fact]
    public void DeepNestingIsASyntaxErrorNotACrash()
    {
        var e = Assert.Throws<SentraSyntaxException>(() => Parse(new string('(', 100_000) + "1" + new string(')', 100_000)));
        Assert.Contains("nested too deeply", e.ErrorMessage);
        Assert.Throws<SentraSyntaxException>(() => Parse(new string('-', 100_000) + "1"));
        Assert.Throws<SentraSyntaxException>(() => Parse(new string('[', 100_000)));
        Assert.Throws<SentraSyntaxException>(() => Parse("if x " + string.Concat(Enumerable.Repeat("{ ", 50_000))));
    }

    [Fact]
    public void RenderedErrorHasCaretUnderColumn()
    {
        var e = Assert.Throws<SentraSyntaxException>(() => Parser.ParseScript("let a = 1\nlet b = ;", "dir/x.sn"));
        var lines = e.Render().Split('\n');
        Assert.Equal("SyntaxError: Unexpected token in expression: ';'", lines[0]);
        Assert.Equal("  at dir/x.sn:2:9", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("  2 | let b = ;", lines[3]);
        Assert.Equal("  " + new string(' ', "2 | ".Length + 8) + "^", lines[4]);
    }
}
