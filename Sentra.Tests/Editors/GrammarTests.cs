using System.Text.Json;
using System.Text.RegularExpressions;
using Sentra.Tests.Examples;
using Xunit;

namespace Sentra.Tests.Editors;

/// <summary>
/// The TextMate grammar of editors/: valid JSON, every regular expression compiles in .NET,
/// and every example program tokenizes as an editor would (line by line, begin/end rules
/// kept open across lines) with no character left unmatched outside strings and comments,
/// and no string or comment still open at the end.
/// </summary>
public sealed class GrammarTests
{
    /// <summary>A rule of the grammar: a match, or a begin/end pair with inner rules.</summary>
    private sealed class Rule
    {
        public Regex? Match, Begin, End;
        public List<Rule> Inner = [];
        public string Name = "";
    }

    private static readonly Lazy<(List<Rule> Top, JsonDocument Json)> s_grammar = new(Load);

    private static string GrammarPath => Path.Combine(ExamplesTests.RepoRoot, "editors", "sentra.tmLanguage.json");

    private static (List<Rule>, JsonDocument) Load()
    {
        var json = JsonDocument.Parse(File.ReadAllText(GrammarPath));
        var repository = json.RootElement.GetProperty("repository");
        List<Rule> Rules(JsonElement patterns)
        {
            var list = new List<Rule>();
            foreach (var p in patterns.EnumerateArray())
            {
                if (p.TryGetProperty("include", out var include))
                {
                    list.AddRange(Rules(repository.GetProperty(include.GetString()!.TrimStart('#')).GetProperty("patterns")));
                    continue;
                }
                var rule = new Rule { Name = p.TryGetProperty("name", out var n) ? n.GetString()! : "" };
                if (p.TryGetProperty("match", out var m)) rule.Match = new Regex(m.GetString()!);
                if (p.TryGetProperty("begin", out var b)) rule.Begin = new Regex(b.GetString()!);
                if (p.TryGetProperty("end", out var e)) rule.End = new Regex(e.GetString()!);
                if (p.TryGetProperty("patterns", out var inner)) rule.Inner = Rules(inner);
                Assert.True(rule.Match is not null ^ (rule.Begin is not null && rule.End is not null), $"rule {rule.Name}: a match, or a begin and an end");
                list.Add(rule);
            }
            return list;
        }
        return (Rules(json.RootElement.GetProperty("patterns")), json);
    }

    [Fact]
    public void TheGrammarIsValidJsonForSnFilesAndItsRegexesCompile()
    {
        var (top, json) = s_grammar.Value;
        Assert.Equal("source.sentra", json.RootElement.GetProperty("scopeName").GetString());
        Assert.Equal("sn", json.RootElement.GetProperty("fileTypes")[0].GetString());
        Assert.True(top.Count > 10);
    }

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(ExamplesTests.ExamplesDir, "*.sn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(ExamplesTests.RepoRoot, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ExamplesTokenizeCompletely(string file)
    {
        var top = s_grammar.Value.Top;
        var open = new Stack<Rule>();
        var lines = File.ReadAllText(Path.Combine(ExamplesTests.RepoRoot, file)).Replace("\r", "").Split('\n');
        for (int ln = 0; ln < lines.Length; ln++)
        {
            var line = lines[ln];
            int pos = 0;
            while (pos < line.Length)
            {
                var rules = open.Count > 0 ? open.Peek().Inner : top;
                // the earliest match of the rules in effect (the first rule wins a tie), and
                // inside a begin/end rule its end, which wins a tie with its inner rules
                Match? best = null;
                Rule? bestRule = null;
                bool isEnd = false;
                if (open.Count > 0)
                {
                    var end = open.Peek().End!.Match(line, pos);
                    if (end.Success) (best, isEnd) = (end, true);
                }
                foreach (var r in rules)
                {
                    var m = (r.Match ?? r.Begin)!.Match(line, pos);
                    if (m.Success && m.Length > 0 && (best is null || m.Index < best.Index)) (best, bestRule, isEnd) = (m, r, false);
                }
                if (best is null)
                {
                    if (open.Count == 0) AssertBlank(file, ln, line[pos..]);
                    break;   // the rest of the line is inside the open string or comment
                }
                if (open.Count == 0) AssertBlank(file, ln, line[pos..best.Index]);
                pos = best.Index + best.Length;
                if (isEnd) open.Pop();
                else if (bestRule!.Begin is not null) open.Push(bestRule);
            }
        }
        Assert.True(open.Count == 0, $"{file}: {(open.Count > 0 ? open.Peek().Name : "")} still open at the end");
    }

    private static void AssertBlank(string file, int line, string text) =>
        Assert.True(string.IsNullOrWhiteSpace(text), $"{file}:{line + 1}: no rule matches '{text.Trim()}'");
}
