// SPEC 4.2.9 regular expressions on System.Text.RegularExpressions. Patterns are RE2 syntax;
// a small translation brings the common RE2 forms to .NET: (?P<name>...) named groups,
// POSIX classes [[:alpha:]], ASCII-only \d \w \s, and Go's group numbering (.NET numbers
// named groups after unnamed ones, Go numbers all groups left to right, which matters for
// $1 in regex_replace). Match iteration follows Go's rule that an empty match right after
// the previous match is skipped, and replacement templates expand like Go's Regexp.Expand.
using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>regex_match, regex_find, regex_find_all, regex_replace, regex_split (SPEC 4.2.9).</summary>
internal static class RegexBuiltins
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);
    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<string, Compiled> s_cache = new(StringComparer.Ordinal);
    /// <summary>Patterns .NET rejected, with its reason.</summary>
    private static readonly ConcurrentDictionary<string, string> s_invalid = new(StringComparer.Ordinal);

    internal static void Register(BuiltinTable t)
    {
        t.Add("regex_match", 2, 2, Match);
        t.Add("regex_find", 2, 2, Find);
        t.Add("regex_find_all", 2, 2, FindAll);
        t.Add("regex_replace", 3, 3, Replace);
        t.Add("regex_split", 2, 2, Split);
    }

    /// <summary>A compiled pattern and Go group index → .NET group number.</summary>
    private sealed class Compiled(Regex regex, int[] goGroups, Dictionary<string, int> names)
    {
        private readonly Regex _regex = regex;
        /// <summary>The same pattern with match timeouts of 1, 2, 4 ... 2048 ms, made when first needed.</summary>
        private readonly Regex?[] _shorter = new Regex?[12];

        /// <summary>
        /// The regex to match with in the current run: one whose match timeout ends by the
        /// run's deadline (rounded up to a power of two milliseconds) when that comes before
        /// the usual two seconds, so one long match cannot outlast the run's timeout.
        /// </summary>
        public Regex Regex
        {
            get
            {
                long deadline = RunBudget.Current?.Deadline ?? long.MaxValue;
                if (deadline == long.MaxValue) return _regex;
                long left = Math.Max(1, deadline - Environment.TickCount64 + 1);
                if (left >= (long)s_timeout.TotalMilliseconds) return _regex;
                int bucket = System.Numerics.BitOperations.Log2(System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)left));
                return _shorter[bucket] ??= new Regex(_regex.ToString(), _regex.Options, TimeSpan.FromMilliseconds(1L << bucket));
            }
        }

        /// <summary>Index = Go group number (0 = whole match), value = .NET group number.</summary>
        public readonly int[] GoGroups = goGroups;
        /// <summary>Group name → .NET group number (first group of that name).</summary>
        public readonly Dictionary<string, int> Names = names;
    }

    /// <summary>
    /// The compiled pattern, or null with the builtin's error to return in
    /// <paramref name="error"/> ("errorPrefix: the parser's reason").
    /// </summary>
    private static Compiled? Get(string pattern, string errorPrefix, out Value error)
    {
        error = default;
        if (s_cache.TryGetValue(pattern, out var c)) return c;
        if (s_invalid.TryGetValue(pattern, out string? known))
        {
            error = BuiltinError.Of($"{errorPrefix}: {known}");
            return null;
        }
        var (translated, groups) = Translate(pattern);
        Regex re;
        try
        {
            re = new Regex(translated, RegexOptions.CultureInvariant, s_timeout);
        }
        catch (ArgumentException ex)
        {
            // kept, so that a script retrying a bad pattern pays the parser's exception once
            if (s_invalid.Count >= CacheLimit) s_invalid.Clear();
            s_invalid[pattern] = ex.Message;
            error = BuiltinError.Of($"{errorPrefix}: {ex.Message}");
            return null;
        }
        var goGroups = new int[groups.Count + 1];
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        int unnamed = 0;
        for (int i = 0; i < groups.Count; i++)
        {
            string? name = groups[i];
            int num = name is null ? ++unnamed : re.GroupNumberFromName(name);
            goGroups[i + 1] = num;
            if (name is not null) names.TryAdd(name, num);
        }
        c = new Compiled(re, goGroups, names);
        if (s_cache.Count >= CacheLimit) s_cache.Clear();
        s_cache[pattern] = c;
        return c;
    }

    // ---- pattern translation -------------------------------------------------------------------

    private static readonly Dictionary<string, string> s_posixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F", ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z",
        ["print"] = " -~", ["punct"] = "!-/:-@\\[-`{-~", ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>RE2 → .NET; also lists capture groups in Go order (null = unnamed).</summary>
    private static (string Pattern, List<string?> Groups) Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 8);
        var groups = new List<string?>();
        bool inClass = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                char e = p[i + 1];
                i++;
                string? repl = (inClass, e) switch
                {
                    (false, 'd') => "[0-9]",
                    (false, 'D') => "[^0-9]",
                    (false, 'w') => "[0-9A-Za-z_]",
                    (false, 'W') => "[^0-9A-Za-z_]",
                    (false, 's') => "[\\t\\n\\f\\r ]",
                    (false, 'S') => "[^\\t\\n\\f\\r ]",
                    (true, 'd') => "0-9",
                    (true, 'w') => "0-9A-Za-z_",
                    (true, 's') => "\\t\\n\\f\\r ",
                    _ => null,
                };
                if (repl is not null) sb.Append(repl);
                else sb.Append('\\').Append(e);
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    int close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0 && s_posixClasses.TryGetValue(p[(i + 2)..close], out var cls))
                    {
                        sb.Append(cls);
                        i = close + 1;
                        continue;
                    }
                }
                if (c == ']') inClass = false;
                sb.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal.
                if (i + 1 < p.Length && p[i + 1] == '^') { sb.Append('^'); i++; }
                if (i + 1 < p.Length && p[i + 1] == ']') { sb.Append("\\]"); i++; }
                continue;
            }
            if (c == '(')
            {
                if (i + 1 < p.Length && p[i + 1] == '?')
                {
                    // (?P<name>  and  (?<name>  are named captures; (?<= (?<! are lookbehinds.
                    int nameStart = -1;
                    if (i + 3 < p.Length && p[i + 2] == 'P' && p[i + 3] == '<') nameStart = i + 4;
                    else if (i + 2 < p.Length && p[i + 2] == '<' && i + 3 < p.Length && p[i + 3] is not ('=' or '!')) nameStart = i + 3;
                    if (nameStart >= 0)
                    {
                        int close = p.IndexOf('>', nameStart);
                        if (close > nameStart)
                        {
                            string name = p[nameStart..close];
                            groups.Add(name);
                            sb.Append("(?<").Append(name).Append('>');
                            i = close;
                            continue;
                        }
                    }
                }
                else groups.Add(null);
            }
            sb.Append(c);
        }
        return (sb.ToString(), groups);
    }

    // ---- matching ---------------------------------------------------------------------------------

    /// <summary>Go's FindAll: an empty match immediately after the previous match is dropped.</summary>
    private static List<Match> AllMatches(Regex re, string text)
    {
        var list = new List<Match>();
        int prevEnd = -1;
        for (var m = re.Match(text); m.Success; m = m.NextMatch())
        {
            if (!(m.Length == 0 && m.Index == prevEnd)) list.Add(m);
            RunBudget.Charge(1 + m.Length);
            prevEnd = m.Index + m.Length;
        }
        return list;
    }

    /// <summary>
    /// A match ran out of its time (two seconds): a catchable error, unless the run's own time
    /// or memory ran out meanwhile (a script catching the error and trying again must still stop).
    /// </summary>
    private static Value Timeout(string name)
    {
        RunBudget.Charge(RunBudget.WorkPerCheck);
        return BuiltinError.Of($"{name} error: regular expression match timed out");
    }

    private static Value Match(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Get(Args.Str(a, 0), "regex_match error", out var error) is not { } c) return error;
        try { return Value.FromBool(c.Regex.IsMatch(Args.Str(a, 1))); }
        catch (RegexMatchTimeoutException) { return Timeout("regex_match"); }
    }

    /// <summary>First match, nil when there is none or it is empty (Go FindString returns "").</summary>
    private static Value Find(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Get(Args.Str(a, 0), "regex_find compile error", out var error) is not { } c) return error;
        try
        {
            var m = c.Regex.Match(Args.Str(a, 1));
            return m.Success && m.Length > 0 ? Value.FromString(m.Value) : default;
        }
        catch (RegexMatchTimeoutException) { return Timeout("regex_find"); }
    }

    private static Value FindAll(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Get(Args.Str(a, 0), "regex_find_all compile error", out var error) is not { } c) return error;
        try
        {
            var matches = AllMatches(c.Regex, Args.Str(a, 1));
            var arr = new SentraArray(matches.Count);
            foreach (var m in matches) arr.Add(Value.FromString(m.Value));
            return arr;
        }
        catch (RegexMatchTimeoutException) { return Timeout("regex_find_all"); }
    }

    /// <summary>regex_replace(pattern, replacement, text): Go ReplaceAllString.</summary>
    private static Value Replace(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (Get(Args.Str(a, 0), "regex_replace compile error", out var error) is not { } c) return error;
        string template = Args.Str(a, 1), text = Args.Str(a, 2);
        try
        {
            var sb = new StringBuilder(text.Length);
            int last = 0, lastMatchEnd = 0;
            for (var m = c.Regex.Match(text); m.Success; m = m.NextMatch())
            {
                sb.Append(text, last, m.Index - last);
                last = m.Index + m.Length;
                // Go: no replacement for an empty match immediately after another match.
                if (m.Index + m.Length > lastMatchEnd || m.Index == 0) Expand(sb, template, m, c);
                lastMatchEnd = m.Index + m.Length;
                if (sb.Length > Limits.MaxStringLength) Throw.Error("string too large");
                RunBudget.Charge(1 + m.Length);
            }
            sb.Append(text, last, text.Length - last);
            return Value.FromString(sb.ToString());
        }
        catch (RegexMatchTimeoutException) { return Timeout("regex_replace"); }
    }

    /// <summary>Go Regexp.expand: $1, ${1}, $name, ${name}, $$; a malformed $ is literal.</summary>
    private static void Expand(StringBuilder sb, string template, Match m, Compiled c)
    {
        int i = 0;
        while (i < template.Length)
        {
            int dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$') { sb.Append('$'); i++; continue; }
            if (!TryExtract(template, i, out string name, out int num, out int rest)) { sb.Append('$'); continue; }
            i = rest;
            int group = -1;
            if (num >= 0) { if (num < c.GoGroups.Length) group = c.GoGroups[num]; }
            else if (c.Names.TryGetValue(name, out int g)) group = g;
            if (group >= 0)
            {
                var grp = m.Groups[group];
                if (grp.Success) sb.Append(grp.Value);
            }
        }
        sb.Append(template, i, template.Length - i);
    }

    private static bool TryExtract(string s, int i, out string name, out int num, out int rest)
    {
        name = "";
        num = -1;
        rest = i;
        if (i >= s.Length) return false;
        bool brace = s[i] == '{';
        if (brace) i++;
        int start = i;
        while (i < s.Length)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out var r, out int n);
            if (!Rune.IsLetter(r) && !Rune.IsDigit(r) && r.Value != '_') break;
            i += n;
        }
        if (i == start) return false;
        name = s[start..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}') return false;
            i++;
        }
        num = 0;
        foreach (char ch in name)
        {
            if (ch < '0' || ch > '9' || num >= 100_000_000) { num = -1; break; }
            num = num * 10 + (ch - '0');
        }
        if (name[0] == '0' && name.Length > 1) num = -1;
        rest = i;
        return true;
    }

    /// <summary>Go Regexp.Split(s, -1).</summary>
    private static Value Split(IRuntime rt, ReadOnlySpan<Value> a)
    {
        string pattern = Args.Str(a, 0);
        if (Get(pattern, "regex_split compile error", out var error) is not { } c) return error;
        string text = Args.Str(a, 1);
        try
        {
            var result = new SentraArray();
            if (pattern.Length > 0 && text.Length == 0)
            {
                result.Add(Value.FromString(""));
                return result;
            }
            int beg = 0, end = 0;
            foreach (var m in AllMatches(c.Regex, text))
            {
                end = m.Index;
                if (m.Index + m.Length != 0) result.Add(Value.FromString(text[beg..end]));
                beg = m.Index + m.Length;
            }
            if (end != text.Length) result.Add(Value.FromString(text[beg..]));
            return result;
        }
        catch (RegexMatchTimeoutException) { return Timeout("regex_split"); }
    }
}
