namespace Sentra.Syntax;

/// <summary>Token kinds (SPEC 1.3, 1.6).</summary>
public enum TokenKind
{
    // literals and names
    Int, Float, String, Identifier,
    // punctuation
    LParen, RParen, LBrace, RBrace, LBracket, RBracket, Comma, Dot, Semicolon, Colon, ColonColon,
    Plus, Minus, Star, Slash, Percent,
    Assign, EqualEqual, FatArrow, Bang, BangEqual, Less, LessEqual, Greater, GreaterEqual,
    AndAnd, OrOr, Pipe, Arrow,
    // keywords
    Fn, Let, Var, Const, If, Else, Return, While, For, Match, Spawn, Import, Export, Channel,
    True, False, Nil, As, In, Try, Catch, Finally, Throw, Break, Continue,
    Underscore,
    Eof,
}
