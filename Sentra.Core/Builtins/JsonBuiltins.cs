// SPEC 4.2.8 JSON. json_encode reproduces Go encoding/json.Marshal of the converted value
// (Go >= 1.22): no whitespace, map keys sorted byte-wise, HTML-safe escaping (< > & as
// \u003c \u003e \u0026), U+2028/U+2029 escaped, \b \f \n \r \t short escapes, other control
// characters as \u00XX, floats in Go's ECMAScript-like format. json_decode is a
// recursive-descent parser with Go's error texts; all numbers decode as floats and objects
// become maps in document order.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>json_encode/json_stringify and json_decode/json_parse (SPEC 4.2.8).</summary>
internal static class JsonBuiltins
{
    /// <summary>Deepest array/object nesting json_decode accepts.</summary>
    private const int MaxDecodeDepth = 1000;

    internal static void Register(BuiltinTable t)
    {
        t.Add("json_encode", 1, 1, static (_, a) => Encode(a[0], "json_encode"));
        t.Add("json_stringify", 1, 1, static (_, a) => Encode(a[0], "json_stringify"));
        t.Add("json_decode", 1, 1, static (_, a) => Decode(Args.Str(a, 0), "json_decode"));
        t.Add("json_parse", 1, 1, static (_, a) => Decode(Args.Str(a, 0), "json_parse"));
    }

    // ---- encoding -----------------------------------------------------------------------------

    /// <summary>The JSON text of <paramref name="v"/>, or the builtin's error (returned, no .NET exception).</summary>
    private static Value Encode(Value v, string name)
    {
        var sb = Pools.StringBuilders.Get();
        try
        {
            var encoder = new Encoder(sb, name);
            encoder.Write(v);
            return encoder.Error is { } error ? BuiltinError.Of(error) : Value.FromString(sb.ToString());
        }
        finally { Pools.StringBuilders.Return(sb); }
    }

    private sealed class Encoder(StringBuilder sb, string name)
    {
        private readonly HashSet<object> _path = new(ReferenceEqualityComparer.Instance);

        /// <summary>The first error (an unsupported value): the rest of the value is skipped.</summary>
        public string? Error { get; private set; }

        private void Fail(string detail) => Error ??= $"{name} error: json: {detail}";

        public void Write(Value v)
        {
            if (Error is not null) return;
            switch (v.Kind)
            {
                case ValueKind.Nil: sb.Append("null"); break;
                case ValueKind.Bool: sb.Append(v.AsBoolUnchecked ? "true" : "false"); break;
                case ValueKind.Int:
                    Span<char> buf = stackalloc char[24];
                    v.AsIntUnchecked.TryFormat(buf, out int w, default, CultureInfo.InvariantCulture);
                    sb.Append(buf[..w]);
                    break;
                case ValueKind.Float:
                    double d = v.AsFloatUnchecked;
                    if (double.IsNaN(d) || double.IsInfinity(d))
                    {
                        Fail("unsupported value: " + NumberFormat.FormatGo(d));
                        return;
                    }
                    sb.Append(NumberFormat.FormatJson(d));
                    break;
                case ValueKind.String: WriteString(sb, v.AsStringUnchecked); break;
                case ValueKind.Array: WriteArray(v.AsArrayUnchecked); break;
                case ValueKind.Map: WriteMap(v.AsMapUnchecked); break;
                default: sb.Append("null"); break; // functions, modules
            }
            if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
            RunBudget.Charge(v.IsString ? 1 + v.AsStringUnchecked.Length : 1);
        }

        /// <summary>Enters a container (false: a cycle, the error set).</summary>
        private bool Enter(object container)
        {
            if (!_path.Add(container))
            {
                Fail("unsupported value: encountered a cycle");
                return false;
            }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            return true;
        }

        private void WriteArray(SentraArray arr)
        {
            if (!Enter(arr)) return;
            sb.Append('[');
            for (int i = 0; i < arr.Count && Error is null; i++)
            {
                if (i > 0) sb.Append(',');
                Write(arr[i]);
            }
            sb.Append(']');
            _path.Remove(arr);
        }

        private void WriteMap(SentraMap map)
        {
            if (!Enter(map)) return;
            var keys = map.KeySnapshot();
            Array.Sort(keys, ValueOps.CompareStrings); // Go sorts keys byte-wise (UTF-8 = code point order)
            sb.Append('{');
            for (int i = 0; i < keys.Length && Error is null; i++)
            {
                if (i > 0) sb.Append(',');
                WriteString(sb, keys[i]);
                sb.Append(':');
                Write(map.Get(keys[i]));
            }
            sb.Append('}');
            _path.Remove(map);
        }
    }

    private const string HexDigits = "0123456789abcdef";

    /// <summary>Go encodeState.string with escapeHTML = true.</summary>
    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80)
            {
                if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') continue;
                sb.Append(s, start, i - start);
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default: sb.Append("\\u00").Append(HexDigits[c >> 4]).Append(HexDigits[c & 0xF]); break;
                }
                start = i + 1;
                continue;
            }
            if (c is '\u2028' or '\u2029')
            {
                sb.Append(s, start, i - start).Append(c == '\u2028' ? "\\u2028" : "\\u2029");
                start = i + 1;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                // A lone surrogate is invalid UTF-8 for Go: it becomes \ufffd.
                sb.Append(s, start, i - start).Append("\\ufffd");
                start = i + 1;
            }
        }
        sb.Append(s, start, s.Length - start);
        sb.Append('"');
    }

    // ---- decoding -----------------------------------------------------------------------------

    private static Value Decode(string text, string name)
    {
        RunBudget.Charge(text.Length);
        return new Parser(text, name).ParseDocument();
    }

    /// <summary>
    /// The parser reports a syntax error without a .NET exception (the builtin returns it, so
    /// a script that catches it pays for none): the first error is kept in _error and the
    /// position moves to the end of the text, so every method returns at its next check and
    /// the parse unwinds through ordinary returns (values made meanwhile are dropped).
    /// </summary>
    private sealed class Parser(string s, string name)
    {
        private int _pos;
        private int _depth;
        private string? _rangeError;
        private string? _error;

        /// <summary>Records the error (the first one wins) and ends the parse.</summary>
        private void Error(string detail)
        {
            _error ??= $"{name} error: {detail}";
            _pos = s.Length;
        }

        private void Unexpected(string context)
        {
            if (_pos >= s.Length) Error("unexpected end of JSON input");
            else Error($"invalid character {QuoteChar(s[_pos])} {context}");
        }

        public Value ParseDocument()
        {
            SkipWs();
            var v = ParseValue();
            SkipWs();
            if (_pos < s.Length) Unexpected("after top-level value");
            if (_error is not null) return BuiltinError.Of(_error);
            // Go validates the whole text before decoding, so syntax errors win over range errors.
            if (_rangeError is not null) return BuiltinError.Of($"{name} error: json: cannot unmarshal number {_rangeError} into Go value of type float64");
            return v;
        }

        private void SkipWs()
        {
            while (_pos < s.Length && s[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        private Value ParseValue()
        {
            if (_pos >= s.Length)
            {
                Error("unexpected end of JSON input");
                return default;
            }
            char c = s[_pos];
            switch (c)
            {
                case '{': return ParseObject();
                case '[': return ParseArray();
                case '"': return Value.FromString(ParseString());
                case 't': Literal("true"); return Value.True;
                case 'f': Literal("false"); return Value.False;
                case 'n': Literal("null"); return default;
                default:
                    if (c == '-' || char.IsAsciiDigit(c)) return ParseNumber();
                    Unexpected("looking for beginning of value");
                    return default;
            }
        }

        private void Literal(string word)
        {
            _pos++;
            for (int k = 1; k < word.Length; k++, _pos++)
            {
                if (_pos >= s.Length || s[_pos] != word[k])
                {
                    Unexpected($"in literal {word} (expecting {QuoteChar(word[k])})");
                    return;
                }
            }
        }

        /// <summary>One level deeper; false (the error recorded) past the deepest accepted.</summary>
        private bool Enter()
        {
            if (++_depth <= MaxDecodeDepth) return true;
            Error("exceeded max depth");
            return false;
        }

        private Value ParseObject()
        {
            if (!Enter()) return default;
            _pos++;
            var map = new SentraMap();
            SkipWs();
            if (_pos < s.Length && s[_pos] == '}') { _pos++; _depth--; return map; }
            while (true)
            {
                if (_pos >= s.Length || s[_pos] != '"')
                {
                    Unexpected("looking for beginning of object key string");
                    return default;
                }
                string key = ParseString();
                SkipWs();
                if (_pos >= s.Length || s[_pos] != ':')
                {
                    Unexpected("after object key");
                    return default;
                }
                _pos++;
                SkipWs();
                map.Set(key, ParseValue());
                SkipWs();
                if (_pos < s.Length && s[_pos] == ',') { _pos++; SkipWs(); continue; }
                if (_pos < s.Length && s[_pos] == '}') { _pos++; break; }
                Unexpected("after object key:value pair");
                return default;
            }
            _depth--;
            return map;
        }

        private Value ParseArray()
        {
            if (!Enter()) return default;
            _pos++;
            var arr = new SentraArray();
            SkipWs();
            if (_pos < s.Length && s[_pos] == ']') { _pos++; _depth--; return arr; }
            while (true)
            {
                arr.Add(ParseValue());
                SkipWs();
                if (_pos < s.Length && s[_pos] == ',') { _pos++; SkipWs(); continue; }
                if (_pos < s.Length && s[_pos] == ']') { _pos++; break; }
                Unexpected("after array element");
                return default;
            }
            _depth--;
            return arr;
        }

        private string ParseString()
        {
            _pos++; // opening quote
            int start = _pos;
            // Fast path: no escapes.
            while (_pos < s.Length)
            {
                char c = s[_pos];
                if (c == '"') { string r = s.Substring(start, _pos - start); _pos++; return r; }
                if (c == '\\') break;
                if (c < 0x20)
                {
                    Unexpected("in string literal");
                    return "";
                }
                _pos++;
            }
            var sb = new StringBuilder();
            sb.Append(s, start, _pos - start);
            while (true)
            {
                if (_pos >= s.Length)
                {
                    Error("unexpected end of JSON input");
                    return "";
                }
                char c = s[_pos];
                if (c == '"') { _pos++; return sb.ToString(); }
                if (c < 0x20)
                {
                    Unexpected("in string literal");
                    return "";
                }
                if (c != '\\') { sb.Append(c); _pos++; continue; }
                _pos++;
                if (_pos >= s.Length)
                {
                    Error("unexpected end of JSON input");
                    return "";
                }
                char e = s[_pos];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        _pos++;
                        int u = Hex4();
                        if (_error is not null) return "";
                        if (char.IsHighSurrogate((char)u) && _pos + 1 < s.Length && s[_pos + 1] == '\\' && _pos + 2 < s.Length && s[_pos + 2] == 'u')
                        {
                            int save = _pos;
                            _pos += 3;
                            int u2 = Hex4();
                            if (_error is not null) return "";
                            if (char.IsLowSurrogate((char)u2)) { sb.Append((char)u).Append((char)u2); break; }
                            _pos = save; // not a pair: decode the second escape on its own
                        }
                        sb.Append(char.IsSurrogate((char)u) ? '\uFFFD' : (char)u);
                        break;
                    default:
                        Unexpected("in string escape code");
                        return "";
                }
                _pos++;
            }
        }

        /// <summary>Reads 4 hex digits starting at _pos; leaves _pos on the last one.</summary>
        private int Hex4()
        {
            int v = 0;
            for (int k = 0; k < 4; k++, _pos++)
            {
                if (_pos >= s.Length)
                {
                    Error("unexpected end of JSON input");
                    return 0;
                }
                int d = s[_pos] switch
                {
                    >= '0' and <= '9' => s[_pos] - '0',
                    >= 'a' and <= 'f' => s[_pos] - 'a' + 10,
                    >= 'A' and <= 'F' => s[_pos] - 'A' + 10,
                    _ => -1,
                };
                if (d < 0)
                {
                    Unexpected("in \\u hexadecimal character escape");
                    return 0;
                }
                v = v * 16 + d;
            }
            _pos--;
            return v;
        }

        private Value ParseNumber()
        {
            int start = _pos;
            if (s[_pos] == '-')
            {
                _pos++;
                if (_pos >= s.Length || !char.IsAsciiDigit(s[_pos]))
                {
                    Unexpected("in numeric literal");
                    return default;
                }
            }
            if (s[_pos] == '0') _pos++;
            else while (_pos < s.Length && char.IsAsciiDigit(s[_pos])) _pos++;
            if (_pos < s.Length && s[_pos] == '.')
            {
                _pos++;
                if (_pos >= s.Length || !char.IsAsciiDigit(s[_pos]))
                {
                    Unexpected("after decimal point in numeric literal");
                    return default;
                }
                while (_pos < s.Length && char.IsAsciiDigit(s[_pos])) _pos++;
            }
            if (_pos < s.Length && s[_pos] is 'e' or 'E')
            {
                _pos++;
                if (_pos < s.Length && s[_pos] is '+' or '-') _pos++;
                if (_pos >= s.Length || !char.IsAsciiDigit(s[_pos]))
                {
                    Unexpected("in exponent of numeric literal");
                    return default;
                }
                while (_pos < s.Length && char.IsAsciiDigit(s[_pos])) _pos++;
            }
            var tok = s.AsSpan(start, _pos - start);
            double d = double.Parse(tok, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d)) _rangeError ??= tok.ToString();
            return Value.FromFloat(d);
        }
    }

    /// <summary>Go's json quoteChar: the offending byte (first UTF-8 byte of c) as a quoted rune.</summary>
    private static string QuoteChar(char c)
    {
        int b = c < 0x80 ? c
            : c < 0x800 ? 0xC0 | (c >> 6)
            : char.IsSurrogate(c) ? (char.IsHighSurrogate(c) ? 0xF0 : 0xEF)
            : 0xE0 | (c >> 12);
        switch (b)
        {
            case '\'': return "'\\''";
            case '"': return "'\"'";
            case '\\': return "'\\\\'";
            case 0x07: return "'\\a'";
            case 0x08: return "'\\b'";
            case 0x0C: return "'\\f'";
            case 0x0A: return "'\\n'";
            case 0x0D: return "'\\r'";
            case 0x09: return "'\\t'";
            case 0x0B: return "'\\v'";
        }
        if (b < 0x20 || b == 0x7F) return $"'\\x{b:x2}'";
        if (b >= 0x80 && (b <= 0xA0 || b == 0xAD)) return $"'\\u{b:x4}'";
        return "'" + (char)b + "'";
    }
}
