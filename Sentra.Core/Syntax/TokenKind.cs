namespace Sentra.Syntax;

/// <summary>Token kinds (SPEC 1.3, 1.6).</summary>
public enum TokenKind
{
    // literals and names
    /// <summary>An int literal (<see cref="Token.Literal"/> holds the <c>long</c>; null for 9223372036854775808, which only unary minus may take).</summary>
    Int,
    /// <summary>A float literal (<see cref="Token.Literal"/> holds the <c>double</c>).</summary>
    Float,
    /// <summary>A string literal (<see cref="Token.Literal"/> holds the decoded text).</summary>
    String,
    /// <summary>A name.</summary>
    Identifier,
    // punctuation
    /// <summary><c>(</c></summary>
    LParen,
    /// <summary><c>)</c></summary>
    RParen,
    /// <summary><c>{</c></summary>
    LBrace,
    /// <summary><c>}</c></summary>
    RBrace,
    /// <summary><c>[</c></summary>
    LBracket,
    /// <summary><c>]</c></summary>
    RBracket,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>.</c></summary>
    Dot,
    /// <summary><c>;</c></summary>
    Semicolon,
    /// <summary><c>:</c></summary>
    Colon,
    /// <summary><c>::</c></summary>
    ColonColon,
    /// <summary><c>+</c></summary>
    Plus,
    /// <summary><c>-</c></summary>
    Minus,
    /// <summary><c>*</c></summary>
    Star,
    /// <summary><c>/</c></summary>
    Slash,
    /// <summary><c>%</c></summary>
    Percent,
    /// <summary><c>=</c></summary>
    Assign,
    /// <summary><c>==</c></summary>
    EqualEqual,
    /// <summary><c>=&gt;</c></summary>
    FatArrow,
    /// <summary><c>!</c></summary>
    Bang,
    /// <summary><c>!=</c></summary>
    BangEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterEqual,
    /// <summary><c>&amp;&amp;</c></summary>
    AndAnd,
    /// <summary><c>||</c></summary>
    OrOr,
    /// <summary><c>|</c></summary>
    Pipe,
    /// <summary><c>-&gt;</c></summary>
    Arrow,
    // keywords
    /// <summary>The keyword <c>fn</c>.</summary>
    Fn,
    /// <summary>The keyword <c>let</c>.</summary>
    Let,
    /// <summary>The keyword <c>var</c>.</summary>
    Var,
    /// <summary>The keyword <c>const</c>.</summary>
    Const,
    /// <summary>The keyword <c>if</c>.</summary>
    If,
    /// <summary>The keyword <c>else</c>.</summary>
    Else,
    /// <summary>The keyword <c>return</c>.</summary>
    Return,
    /// <summary>The keyword <c>while</c>.</summary>
    While,
    /// <summary>The keyword <c>for</c>.</summary>
    For,
    /// <summary>The keyword <c>match</c>.</summary>
    Match,
    /// <summary>The keyword <c>spawn</c>.</summary>
    Spawn,
    /// <summary>The keyword <c>import</c>.</summary>
    Import,
    /// <summary>The keyword <c>export</c>.</summary>
    Export,
    /// <summary>The keyword <c>channel</c>.</summary>
    Channel,
    /// <summary>The keyword <c>true</c>.</summary>
    True,
    /// <summary>The keyword <c>false</c>.</summary>
    False,
    /// <summary>The keyword <c>as</c>.</summary>
    As,
    /// <summary>The keyword <c>in</c>.</summary>
    In,
    /// <summary>The keyword <c>try</c>.</summary>
    Try,
    /// <summary>The keyword <c>catch</c>.</summary>
    Catch,
    /// <summary>The keyword <c>finally</c>.</summary>
    Finally,
    /// <summary>The keyword <c>throw</c>.</summary>
    Throw,
    /// <summary>The keyword <c>break</c>.</summary>
    Break,
    /// <summary>The keyword <c>continue</c>.</summary>
    Continue,
    /// <summary>The keyword <c>nil</c> (also spelled <c>null</c>).</summary>
    Nil,
    /// <summary><c>_</c>, the wildcard of a match arm.</summary>
    Underscore,
    /// <summary>The end of the source.</summary>
    Eof,
}
