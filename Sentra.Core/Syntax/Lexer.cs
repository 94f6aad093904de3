using System.Globalization;
using System.Text;

namespace Sentra.Syntax;

/// <summary>
/// Turns source text into tokens (SPEC section 1). Never throws anything but
/// <see cref="SentraSyntaxException"/>.
/// </summary>
public sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> s_keywords = new(StringComparer.Ordinal)
    {
        ["fn"] = TokenKind.Fn, ["let"] = TokenKind.Let, ["var"] = TokenKind.Var, ["const"] = TokenKind.Const,
        ["if"] = TokenKind.If, ["else"] = TokenKind.Else, ["return"] = TokenKind.Return,
        ["while"] = TokenKind.While, ["for"] = TokenKind.For, ["match"] = TokenKind.Match,
        ["spawn"] = TokenKind.Spawn, ["import"] = TokenKind.Import, ["export"] = TokenKind.Export,
        ["channel"] = TokenKind.Channel, ["true"] = TokenKind.True, ["false"] = TokenKind.False,
        ["null"] = TokenKind.Nil, ["nil"] = TokenKind.Nil, ["as"] = TokenKind.As, ["in"] = TokenKind.In,
        ["try"] = TokenKind.Try, ["catch"] = TokenKind.Catch, ["finally"] = TokenKind.Finally,
        ["throw"] = TokenKind.Throw, ["break"] = TokenKind.Break, ["continue"] = TokenKind.Continue,
    };

    private readonly string _src;
    private readonly string _file;
    private readonly SourceText _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private readonly CancellationToken _cancellation;

    /// <param name="source">The text to lex.</param>
    /// <param name="file">The file name errors report.</param>
    /// <param name="cancellation">Checked every 4,096 tokens (a host's timeout or cancellation covers compilation).</param>
    public Lexer(string source, string file, CancellationToken cancellation = default)
    {
        _cancellation = cancellation;
        _src = source;
        _file = file;
        _text = new SourceText(source);
    }

    /// <summary>Lexes the whole source; the list ends with an Eof token.</summary>
    public List<Token> Tokenize()
    {
        var tokens = new List<Token>(_src.Length / 3 + 8);
        if (_src.StartsWith("#!", StringComparison.Ordinal))
        {
            while (_pos < _src.Length && _src[_pos] != '\n') _pos++;
        }
        while (true)
        {
            SkipTrivia();
            if (_pos >= _src.Length)
            {
                tokens.Add(new Token(TokenKind.Eof, "", _line, Column(_pos)));
                return tokens;
            }
            tokens.Add(Next());
            if ((tokens.Count & 4095) == 0) _cancellation.ThrowIfCancellationRequested();
        }
    }

    // column cache: columns are computed incrementally along a line (long lines stay linear)
    private int _colPos;
    private int _col = 1;

    private int Column(int pos)
    {
        // columns count code points (a surrogate pair is one column)
        if (_colPos < _lineStart || _colPos > pos)
        {
            _colPos = _lineStart;
            _col = 1;
        }
        for (int i = _colPos; i < pos; i++)
        {
            if (char.IsHighSurrogate(_src[i]) && i + 1 < pos && char.IsLowSurrogate(_src[i + 1])) i++;
            _col++;
        }
        _colPos = pos;
        return _col;
    }

    private SentraSyntaxException Error(string message, int line, int col) =>
        new(message, new SourceSpan(_file, line, col), _text.Line(line));

    private void NewLine(int posAfterNewline)
    {
        _line++;
        _lineStart = posAfterNewline;
    }

    private void SkipTrivia()
    {
        while (_pos < _src.Length)
        {
            char c = _src[_pos];
            if (c == '\n') { _pos++; NewLine(_pos); }
            else if (c == ' ' || c == '\t' || c == '\r' || char.IsWhiteSpace(c)) _pos++;
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (_pos < _src.Length && _src[_pos] != '\n') _pos++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                int line = _line, col = Column(_pos);
                _pos += 2;
                while (true)
                {
                    if (_pos >= _src.Length) throw Error("Unterminated block comment", line, col);
                    if (_src[_pos] == '*' && Peek(1) == '/') { _pos += 2; break; }
                    if (_src[_pos] == '\n') { _pos++; NewLine(_pos); }
                    else _pos++;
                }
            }
            else break;
        }
    }

    private char Peek(int ahead) => _pos + ahead < _src.Length ? _src[_pos + ahead] : '\0';

    private Token Next()
    {
        int start = _pos;
        int line = _line, col = Column(_pos);
        char c = _src[_pos];

        if (IsAsciiDigit(c)) return Number(start, line, col);
        if (IsIdentStart(c))
        {
            while (_pos < _src.Length && IsIdentPart(_src[_pos])) _pos++;
            string word = _src[start.._pos];
            if (word == "_") return new Token(TokenKind.Underscore, word, line, col);
            if (s_keywords.TryGetValue(word, out var kw)) return new Token(kw, word, line, col);
            return new Token(TokenKind.Identifier, word, line, col);
        }
        if (c == '"' || c == '`' || c == '\'') return StringLit(c, line, col);

        _pos++;
        TokenKind Two(char next, TokenKind ifNext, TokenKind otherwise)
        {
            if (_pos < _src.Length && _src[_pos] == next) { _pos++; return ifNext; }
            return otherwise;
        }
        TokenKind kind;
        switch (c)
        {
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '{': kind = TokenKind.LBrace; break;
            case '}': kind = TokenKind.RBrace; break;
            case '[': kind = TokenKind.LBracket; break;
            case ']': kind = TokenKind.RBracket; break;
            case ',': kind = TokenKind.Comma; break;
            case '.': kind = TokenKind.Dot; break;
            case ';': kind = TokenKind.Semicolon; break;
            case ':': kind = Two(':', TokenKind.ColonColon, TokenKind.Colon); break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = Two('>', TokenKind.Arrow, TokenKind.Minus); break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '=':
                if (Peek(0) == '=') { _pos++; kind = TokenKind.EqualEqual; }
                else if (Peek(0) == '>') { _pos++; kind = TokenKind.FatArrow; }
                else kind = TokenKind.Assign;
                break;
            case '!': kind = Two('=', TokenKind.BangEqual, TokenKind.Bang); break;
            case '<': kind = Two('=', TokenKind.LessEqual, TokenKind.Less); break;
            case '>': kind = Two('=', TokenKind.GreaterEqual, TokenKind.Greater); break;
            case '&':
                if (Peek(0) == '&') { _pos++; kind = TokenKind.AndAnd; break; }
                throw Error("Unexpected character '&'", line, col);
            case '|': kind = Two('|', TokenKind.OrOr, TokenKind.Pipe); break;
            default:
                {
                    string ch = char.IsHighSurrogate(c) && _pos < _src.Length && char.IsLowSurrogate(_src[_pos])
                        ? _src.Substring(_pos - 1, 2) : c.ToString();
                    throw Error($"Unexpected character '{ch}'", line, col);
                }
        }
        return new Token(kind, _src[start.._pos], line, col);
    }

    private Token Number(int start, int line, int col)
    {
        while (_pos < _src.Length && IsAsciiDigit(_src[_pos])) _pos++;
        bool isFloat = false;
        if (_pos + 1 < _src.Length && _src[_pos] == '.' && IsAsciiDigit(_src[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < _src.Length && IsAsciiDigit(_src[_pos])) _pos++;
        }
        string text = _src[start.._pos];
        if (isFloat)
        {
            double d = double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Float, text, line, col, d);
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
        {
            // 9223372036854775808 is allowed only as the operand of unary minus; the parser decides.
            if (text.TrimStart('0') == "9223372036854775808")
                return new Token(TokenKind.Int, text, line, col, null);
            throw Error("integer literal out of range", line, col);
        }
        return new Token(TokenKind.Int, text, line, col, v);
    }

    private Token StringLit(char quote, int line, int col)
    {
        int start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length) throw Error("Unterminated string", line, col);
            char c = _src[_pos];
            if (c == quote) { _pos++; break; }
            if (c == '\n') { sb.Append('\n'); _pos++; NewLine(_pos); continue; }
            if (c == '\\' && _pos + 1 < _src.Length)
            {
                char e = _src[_pos + 1];
                switch (e)
                {
                    case 'n': sb.Append('\n'); _pos += 2; continue;
                    case 't': sb.Append('\t'); _pos += 2; continue;
                    case 'r': sb.Append('\r'); _pos += 2; continue;
                    case '\\': sb.Append('\\'); _pos += 2; continue;
                }
                if (e == quote) { sb.Append(quote); _pos += 2; continue; }
                // any other escape keeps both characters (SPEC 1.5)
                sb.Append('\\');
                _pos++;
                continue;
            }
            sb.Append(c);
            _pos++;
        }
        return new Token(TokenKind.String, _src[start.._pos], line, col, sb.ToString());
    }

    private static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';
    private static bool IsIdentStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
    private static bool IsIdentPart(char c) => IsIdentStart(c) || IsAsciiDigit(c);
}
