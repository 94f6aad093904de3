using Sentra.Syntax;
using Xunit;

namespace Sentra.Tests.Unit;

public sealed class LexerTests
{
    private static List<Token> Lex(string s) => new Lexer(s, "t.sn").Tokenize();
    private static TokenKind[] Kinds(string s) => Lex(s).Select(t => t.Kind).ToArray();

    [Fact]
    public void LongestMatchOperators()
    {
        Assert.Equal(
            [TokenKind.EqualEqual, TokenKind.FatArrow, TokenKind.Assign, TokenKind.BangEqual, TokenKind.LessEqual,
             TokenKind.GreaterEqual, TokenKind.AndAnd, TokenKind.OrOr, TokenKind.Pipe, TokenKind.ColonColon, TokenKind.Arrow, TokenKind.Eof],
            Kinds("== => = != <= >= && || | :: ->"));
    }

    [Fact]
    public void NumbersIntFloatAndDots()
    {
        var t = Lex("12 3.5 1. .5");
        Assert.Equal(TokenKind.Int, t[0].Kind);
        Assert.Equal(12L, t[0].Literal);
        Assert.Equal(TokenKind.Float, t[1].Kind);
        Assert.Equal(3.5, t[1].Literal);
        Assert.Equal([TokenKind.Int, TokenKind.Dot, TokenKind.Dot, TokenKind.Int], t.Skip(2).Take(4).Select(x => x.Kind));
    }

    [Fact]
    public void StringEscapesFollowSpec()
    {
        var t = Lex("\"a\\n\\q\" 'it\\'s' `b\\`c \\\"`");
        Assert.Equal("a\n\\q", t[0].Literal);
        Assert.Equal("it's", t[1].Literal);
        Assert.Equal("b`c \\\"", t[2].Literal);
    }

    [Fact]
    public void KeywordsAndNonKeywords()
    {
        Assert.Equal([TokenKind.Identifier, TokenKind.Identifier, TokenKind.Identifier, TokenKind.Nil, TokenKind.Nil, TokenKind.Underscore, TokenKind.Eof],
            Kinds("int log float nil null _"));
    }

    [Fact]
    public void CommentsAndShebang()
    {
        Assert.Equal([TokenKind.Int, TokenKind.Int, TokenKind.Int, TokenKind.Eof], Kinds("#!/usr/bin/env sentra\n1 // x\n# y\n2 /* z \n */ 3"));
    }

    [Fact]
    public void PositionsCountLinesAfterMultilineStrings()
    {
        var t = Lex("\"a\nb\" x");
        Assert.Equal(2, t[1].Line);
        Assert.Equal(4, t[1].Column);
    }

    [Theory]
    [InlineData("let x = @", "Unexpected character '@'", 1, 9)]
    [InlineData("a & b", "Unexpected character '&'", 1, 3)]
    [InlineData("\n  \"abc", "Unterminated string", 2, 3)]
    [InlineData("/* never closed", "Unterminated block comment", 1, 1)]
    [InlineData("99999999999999999999", "integer literal out of range", 1, 1)]
    public void ErrorsCarryPosition(string src, string message, int line, int col)
    {
        var e = Assert.Throws<SentraSyntaxException>(() => Lex(src));
        Assert.Equal(message, e.ErrorMessage);
        Assert.Equal(line, e.Span!.Value.Line);
        Assert.Equal(col, e.Span!.Value.Column);
    }
}
