namespace Sentra.Syntax;

/// <summary>A token with its source position (1-based line and column, column in code points).</summary>
public readonly record struct Token(TokenKind Kind, string Lexeme, int Line, int Column, object? Literal = null)
{
    /// <summary>The lexeme, as error messages quote it.</summary>
    public override string ToString() => Kind == TokenKind.Eof ? "end of file" : Lexeme;
}
