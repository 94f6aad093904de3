// SPEC 4.2.12 assertions. A failure raises "assertion failed: <msg>" (just "assertion failed"
// when msg is omitted), a newline and details worded as in Go-reg, with values rendered like
// Go-reg's ValueToString: strings (also nested ones and map keys) quoted with Go %q.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>assert_equal, assert_not_equal, assert_true, assert_false, assert_nil, assert_not_nil, assert_contains.</summary>
internal static class AssertBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("assert_equal", 2, 3, static (_, a) =>
        {
            if (!ValueOps.Equal(a[0], a[1]))
                return Fail(a, 2, $"Expected: {Quote(a[0])}\nActual: {Quote(a[1])}");
            return default;
        });
        t.Add("assert_not_equal", 2, 3, static (_, a) =>
        {
            if (ValueOps.Equal(a[0], a[1]))
                return Fail(a, 2, $"Expected values to be different, but both were: {Quote(a[1])}");
            return default;
        });
        t.Add("assert_true", 1, 2, static (_, a) =>
        {
            if (!a[0].IsTruthy) return Fail(a, 1, "Expected true, got false");
            return default;
        });
        t.Add("assert_false", 1, 2, static (_, a) =>
        {
            if (a[0].IsTruthy) return Fail(a, 1, "Expected false, got true");
            return default;
        });
        t.Add("assert_nil", 1, 2, static (_, a) =>
        {
            if (!a[0].IsNil) return Fail(a, 1, $"Expected nil but got: {Quote(a[0])}");
            return default;
        });
        t.Add("assert_not_nil", 1, 2, static (_, a) =>
        {
            if (a[0].IsNil) return Fail(a, 1, "Expected not nil");
            return default;
        });
        t.Add("assert_contains", 2, 3, static (_, a) =>
        {
            string haystack = Args.Str(a, 0), needle = Args.Str(a, 1);
            if (!haystack.Contains(needle, StringComparison.Ordinal))
                return Fail(a, 2, $"Expected '{haystack}' to contain '{needle}'");
            return default;
        });
    }

    /// <summary>The failure, returned by the assertion (a catchable error, no .NET exception).</summary>
    private static Value Fail(ReadOnlySpan<Value> a, int msgIndex, string details)
    {
        string head = a.Length > msgIndex ? "assertion failed: " + Args.Str(a, msgIndex) : "assertion failed";
        return BuiltinError.Of(head + "\n" + details);
    }

    /// <summary>Go-reg ValueToString: like str() but strings are Go-quoted, at any depth.</summary>
    internal static string Quote(Value v)
    {
        var sb = new StringBuilder();
        AppendQuoted(sb, v, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return sb.ToString();
    }

    private static void AppendQuoted(StringBuilder sb, Value v, HashSet<object> path)
    {
        var o = v.RawObj;
        if (v.IsString) { GoQuote(sb, v.AsStringUnchecked); return; }
        if (o is SentraArray arr)
        {
            if (!path.Add(arr)) { sb.Append("[...]"); return; }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            sb.Append('[');
            for (int i = 0; i < arr.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                AppendQuoted(sb, arr[i], path);
            }
            sb.Append(']');
            path.Remove(arr);
            return;
        }
        if (o is SentraMap map)
        {
            if (!path.Add(map)) { sb.Append("{...}"); return; }
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
            sb.Append('{');
            for (int i = 0; i < map.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                GoQuote(sb, map.KeyAt(i));
                sb.Append(": ");
                AppendQuoted(sb, map.ValueAt(i), path);
            }
            sb.Append('}');
            path.Remove(map);
            return;
        }
        sb.Append(ValueFormatter.ToDisplayString(v));
    }

    /// <summary>Go strconv.Quote: printable runes raw, others escaped.</summary>
    internal static void GoQuote(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length;)
        {
            var status = Rune.DecodeFromUtf16(s.AsSpan(i), out var r, out int n);
            i += n;
            if (status != System.Buffers.OperationStatus.Done) { sb.Append("\\ufffd"); continue; }
            int c = r.Value;
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (IsPrint(r)) { sb.Append(s, i - n, n); continue; }
            if (c < 0x20 || c == 0x7F) sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (c < 0x10000) sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
        }
        sb.Append('"');
    }

    /// <summary>Go unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.</summary>
    private static bool IsPrint(Rune r)
    {
        if (r.Value == ' ') return true;
        switch (Rune.GetUnicodeCategory(r))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.OtherNotAssigned:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.SpaceSeparator:
                return false;
            default:
                return true;
        }
    }
}
