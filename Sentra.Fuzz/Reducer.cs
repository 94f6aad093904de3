using System.Text;
using System.Text.RegularExpressions;

namespace Sentra.Fuzz;

/// <summary>
/// Delta debugging of a failing program, keeping a candidate only when it still fails the
/// same way (same <see cref="DiffResult.Signature"/>): first ddmin over its lines (removes
/// chunks of lines, halving the chunk size when no chunk can go), then over its
/// expressions (<see cref="ReduceExpressions"/>): a subexpression replaced by a literal or
/// by one of its operands, an argument or element removed, a block emptied; then lines again,
/// while either pass makes progress. A candidate that no longer compiles simply fails the
/// test, so unbalanced braces or broken expressions are never kept. Ends when neither pass
/// removes anything, or after a fixed number of test runs.
/// </summary>
public static partial class Reducer
{
    /// <summary>Reduces <paramref name="source"/> while <paramref name="stillFails"/> holds; returns the smallest program found.</summary>
    public static string Reduce(string source, Func<string, bool> stillFails, int maxTests = 1000)
    {
        int tests = 0;
        bool Test(string candidate)
        {
            tests++;
            return stillFails(candidate);
        }
        var current = ReduceLines(source, Test, () => tests < maxTests);
        while (tests < maxTests)
        {
            var smaller = ReduceExpressions(current, Test, () => tests < maxTests);
            if (smaller == current) break;
            current = ReduceLines(smaller, Test, () => tests < maxTests);
        }
        return current;
    }

    /// <summary>ddmin over lines (blank lines and comments go first when the failure allows).</summary>
    public static string ReduceLines(string source, Func<string, bool> stillFails, Func<bool> budget)
    {
        var lines = source.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToList();
        if (!budget() || !stillFails(string.Join("\n", lines) + "\n")) lines = [.. source.TrimEnd('\n').Split('\n')];
        int n = 2;
        while (lines.Count >= 2 && budget())
        {
            int chunk = (lines.Count + n - 1) / n;
            bool removed = false;
            for (int start = 0; start < lines.Count && budget(); start += chunk)
            {
                var candidate = lines.Take(start).Concat(lines.Skip(start + chunk)).ToList();
                if (stillFails(string.Join("\n", candidate) + "\n"))
                {
                    lines = candidate;
                    n = Math.Max(n - 1, 2);
                    removed = true;
                    break;
                }
            }
            if (!removed)
            {
                if (chunk == 1) break;
                n = Math.Min(lines.Count, n * 2);
            }
        }
        return ReduceBlocks(lines, stillFails, budget);
    }

    /// <summary>
    /// What ddmin over lines cannot do when a block's braces are on different lines: removes
    /// a whole block (its first line to the line that closes it), or unwraps it (removes only
    /// those two lines, when the closing line holds just the brace).
    /// </summary>
    private static string ReduceBlocks(List<string> lines, Func<string, bool> stillFails, Func<bool> budget)
    {
        static int Depth(string line)
        {
            int d = 0;
            foreach (char c in line) d += c == '{' ? 1 : c == '}' ? -1 : 0;
            return d;
        }
        bool progress = true;
        while (progress && budget())
        {
            progress = false;
            for (int i = 0; i < lines.Count && !progress && budget(); i++)
            {
                if (Depth(lines[i]) <= 0) continue;
                int depth = 0, j = i;
                for (; j < lines.Count; j++)
                {
                    depth += Depth(lines[j]);
                    if (depth <= 0) break;
                }
                if (j >= lines.Count || depth != 0) continue;
                var whole = lines.Take(i).Concat(lines.Skip(j + 1)).ToList();
                if (stillFails(string.Join("\n", whole) + "\n")) { lines = whole; progress = true; break; }
                if (lines[j].Trim() != "}" || !budget()) continue;
                var unwrapped = lines.Take(i).Concat(lines.Skip(i + 1).Take(j - i - 1)).Concat(lines.Skip(j + 1)).ToList();
                if (stillFails(string.Join("\n", unwrapped) + "\n")) { lines = unwrapped; progress = true; }
            }
        }
        return string.Join("\n", lines) + "\n";
    }

    [GeneratedRegex(@"\s+|//[^\n]*|""(?:\\.|[^""\\\n])*""?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|==|!=|<=|>=|&&|\|\||=>|.", RegexOptions.Singleline)]
    private static partial Regex TokenPattern();

    private static readonly HashSet<string> s_keywords =
    [
        "fn", "let", "var", "const", "if", "else", "while", "for", "in", "return", "break", "continue", "match",
        "try", "catch", "finally", "throw", "import", "export", "as",
    ];

    private static readonly HashSet<string> s_binary = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"];

    private static bool IsName(string t) => t.Length > 0 && (char.IsLetter(t[0]) || t[0] == '_') && !s_keywords.Contains(t);

    private static bool IsAtom(string t) => IsName(t) || (t.Length > 0 && (char.IsDigit(t[0]) || t[0] == '"'));

    /// <summary>One edit of the significant tokens: tokens [Start, End) replaced by <see cref="With"/>.</summary>
    private readonly record struct Edit(int Start, int End, string With);

    /// <summary>
    /// Greedy reduction over expressions: each edit (largest first) is tried once on the
    /// current program and kept when the failure stays; the edits are recomputed after each
    /// success. The edits: an operand (a name, literal, bracketed group, with its calls,
    /// indexes and fields) replaced by <c>0</c> or <c>nil</c>, or by one of its call's
    /// arguments; a binary expression replaced by either operand; an element of a call's
    /// arguments, an array, a map or a parameter list removed; a block's body emptied.
    /// </summary>
    public static string ReduceExpressions(string source, Func<string, bool> stillFails, Func<bool> budget)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        var current = source;
        bool progress = true;
        while (progress && budget())
        {
            progress = false;
            var tokens = TokenPattern().Matches(current).Select(m => m.Value).ToList();
            var sig = tokens.Select((t, i) => (t, i)).Where(x => x.t.Trim().Length > 0 && !x.t.StartsWith("//", StringComparison.Ordinal)).Select(x => x.i).ToList();
            var edits = Edits(tokens, sig);
            foreach (var e in edits.OrderByDescending(e => e.End - e.Start))
            {
                if (!budget()) break;
                var sb = new StringBuilder();
                // the replacement starts with a space where it must stay apart from the token
                // before it (`return` + `0`); what follows the last replaced token (a newline) stays
                for (int i = 0; i < sig[e.Start]; i++) sb.Append(tokens[i]);
                var with = e.With.TrimStart();
                if (with.Length > 0 && sb.Length > 0 && (char.IsLetterOrDigit(sb[^1]) || sb[^1] == '_') && (char.IsLetterOrDigit(with[0]) || with[0] is '_' or '"')) sb.Append(' ');
                sb.Append(with);
                for (int i = e.End > e.Start ? sig[e.End - 1] + 1 : sig[e.Start]; i < tokens.Count; i++) sb.Append(tokens[i]);
                var candidate = sb.ToString();
                if (candidate.Length >= current.Length || !tried.Add(candidate)) continue;
                if (stillFails(candidate))
                {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    private static List<Edit> Edits(List<string> tokens, List<int> sig)
    {
        string T(int k) => k < sig.Count ? tokens[sig[k]] : "";
        string Text(int a, int b) => a >= b ? "" : string.Concat(Enumerable.Range(sig[a], sig[b - 1] + 1 - sig[a]).Select(i => tokens[i]));

        // matching brackets over significant tokens
        var match = new int[sig.Count];
        Array.Fill(match, -1);
        var stack = new Stack<int>();
        for (int k = 0; k < sig.Count; k++)
        {
            var t = T(k);
            if (t is "(" or "[" or "{") stack.Push(k);
            else if (t is ")" or "]" or "}" && stack.Count > 0)
            {
                int o = stack.Pop();
                if ((T(o), t) is ("(", ")") or ("[", "]") or ("{", "}")) { match[o] = k; match[k] = o; }
            }
        }

        // the end of the operand starting at k (exclusive), or -1
        int OperandEnd(int k)
        {
            if (k >= sig.Count) return -1;
            var t = T(k);
            int q;
            if (IsAtom(t)) q = k + 1;
            else if (t is "(" or "[" && match[k] > k) q = match[k] + 1;
            else if (t == "{" && match[k] > k && k > 0 && T(k - 1) is "=" or "(" or "," or "[" or ":" or "return" or "=>") q = match[k] + 1;
            else if (t is "-" or "!" && (k == 0 || !IsAtom(T(k - 1)) && T(k - 1) is not (")" or "]"))) return OperandEnd(k + 1);
            else return -1;
            while (q < sig.Count)
            {
                if (T(q) is "(" or "[" && match[q] > q) q = match[q] + 1;
                else if (T(q) == "." && q + 1 < sig.Count && IsName(T(q + 1))) q += 2;
                else break;
            }
            return q;
        }

        // top-level comma-separated parts of a bracket group (open, close)
        List<(int, int)> Parts(int open, int close)
        {
            var parts = new List<(int, int)>();
            int start = open + 1;
            for (int k = open + 1; k < close; k++)
            {
                if (T(k) is "(" or "[" or "{" && match[k] > k) { k = match[k]; continue; }
                if (T(k) == ",") { parts.Add((start, k)); start = k + 1; }
            }
            if (start < close) parts.Add((start, close));
            return parts;
        }

        var edits = new List<Edit>();
        for (int k = 0; k < sig.Count; k++)
        {
            int e = OperandEnd(k);
            if (e > k)
            {
                if (e - k >= 2 || T(k) is not ("0" or "nil"))
                {
                    edits.Add(new Edit(k, e, " 0"));
                    if (e - k >= 2) edits.Add(new Edit(k, e, " nil"));
                }
                // a bracketed group (an array, a parenthesized expression) replaced by one of its elements
                if (T(k) is "(" or "[" && match[k] > k + 1)
                    foreach (var (a, b) in Parts(k, match[k]))
                        if (b > a) edits.Add(new Edit(k, e, Text(a, b)));
                // a call replaced by one of its arguments (the last group of postfix calls)
                if (e - 1 > k && T(e - 1) == ")" && match[e - 1] > k)
                    foreach (var (a, b) in Parts(match[e - 1], e - 1))
                        if (b > a) edits.Add(new Edit(k, e, " " + Text(a, b)));
                // a binary expression replaced by either operand
                if (e < sig.Count && s_binary.Contains(T(e)))
                {
                    int f = OperandEnd(e + 1);
                    if (f > e + 1)
                    {
                        edits.Add(new Edit(k, f, " " + Text(k, e)));
                        edits.Add(new Edit(k, f, " " + Text(e + 1, f)));
                    }
                }
            }
            var t = T(k);
            if (t is "(" or "[" or "{" && match[k] > k)
            {
                if (t == "{")
                {
                    if (match[k] > k + 1) edits.Add(new Edit(k + 1, match[k], " "));
                }
                else
                {
                    // an element or argument removed, with its comma
                    var parts = Parts(k, match[k]);
                    for (int i = 0; i < parts.Count; i++)
                    {
                        var (a, b) = parts[i];
                        if (parts.Count == 1) edits.Add(new Edit(a, b, ""));
                        else if (i < parts.Count - 1) edits.Add(new Edit(a, b + 1, " "));
                        else edits.Add(new Edit(parts[i - 1].Item2, b, ""));
                    }
                }
            }
        }
        return edits;
    }

    /// <summary>Reduces a program that fails on the runner, keeping its failure signature.</summary>
    public static string Reduce(DifferentialRunner runner, string source, DiffResult failure, int maxTests = 1000)
    {
        var signature = failure.Signature;
        return Reduce(source, candidate =>
        {
            var r = runner.Run(candidate);
            // a candidate that no longer compiles, or that only runs into a limit, is not the same failure
            return r.Failed && r.Signature == signature && !r.Runs[0].Ending.StartsWith("syntax:", StringComparison.Ordinal);
        }, maxTests);
    }
}
