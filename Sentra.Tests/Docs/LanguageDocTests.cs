using System.Text.RegularExpressions;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Tests.Examples;
using Xunit;

namespace Sentra.Tests.Docs;

/// <summary>
/// Runs the Sentra examples of the user docs as written: every <c>```sentra</c> block of
/// docs/language.md and the README must run without an error, and one followed by an
/// <c>```output</c> block (directly, or after one line of prose) must print exactly that. A block preceded by an HTML comment
/// starting with <c>norun</c> is only shown (it needs files the page describes).
/// </summary>
public sealed class LanguageDocTests
{
    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in new[] { "docs/language.md", "README.md" })
        {
            for (int i = 0; i < Examples(page).Count; i++) data.Add(page, i);
        }
        return data;
    }

    private static List<(string Code, string? Output)> Examples(string page)
    {
        var text = File.ReadAllText(Path.Combine(ExamplesTests.RepoRoot, page)).Replace("\r", "");
        var result = new List<(string, string?)>();
        foreach (Match m in Regex.Matches(text, @"(<!-- norun[^\n]*\n)?```sentra\n(.*?)```\n(?:\n(?:[^`\n]+\n\n)?```output\n(.*?)```)?", RegexOptions.Singleline))
        {
            if (m.Groups[1].Success) continue;
            result.Add((m.Groups[2].Value, m.Groups[3].Success ? m.Groups[3].Value : null));
        }
        return result;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ExampleRunsAsWritten(string page, int index)
    {
        var (code, expected) = Examples(page)[index];
        var output = new StringWriter { NewLine = "\n" };
        // the README's tour imports examples/lib as a script in the repository's root would
        using var engine = new SentraEngine(new EngineOptions
        {
            Output = output,
            ModuleResolver = new FileModuleResolver(Path.Combine(ExamplesTests.RepoRoot, "tour.sn")),
        });
        try
        {
            engine.Run(SentraEngine.Compile(code, Path.Combine(ExamplesTests.RepoRoot, "tour.sn")));
        }
        catch (SentraException e)
        {
            Assert.Fail($"{page} example {index} failed: {e.Render()}\n{code}");
        }
        if (expected is not null) Assert.Equal(expected, output.ToString());
    }
}
