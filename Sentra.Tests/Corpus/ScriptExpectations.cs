using System.Text.RegularExpressions;

namespace Sentra.Tests.Corpus;

/// <summary>
/// Expectations written inside a script (STYLE practice 4):
/// <c>// expect: TEXT</c> (one stdout line, in order),
/// <c>// expect runtime error: MESSAGE</c> (first stderr line is "Runtime error: MESSAGE", exit 1),
/// <c>// expect syntax error: [line N] SUBSTRING</c> (rejected before running, at line N).
/// </summary>
public sealed partial class ScriptExpectations
{
    public List<string> Output { get; } = [];
    public string? RuntimeError { get; private set; }
    public int? SyntaxErrorLine { get; private set; }
    public string? SyntaxErrorText { get; private set; }

    [GeneratedRegex(@"// expect: ?(.*)$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"// expect runtime error: (.*)$")]
    private static partial Regex RuntimeErrorLine();

    [GeneratedRegex(@"// expect syntax error: \[line (\d+)\] ?(.*)$")]
    private static partial Regex SyntaxErrorLineRegex();

    public static ScriptExpectations Parse(string source)
    {
        var e = new ScriptExpectations();
        foreach (var rawLine in source.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            Match m;
            if ((m = RuntimeErrorLine().Match(line)).Success)
            {
                e.RuntimeError = m.Groups[1].Value.TrimEnd();
            }
            else if ((m = SyntaxErrorLineRegex().Match(line)).Success)
            {
                e.SyntaxErrorLine = int.Parse(m.Groups[1].Value);
                e.SyntaxErrorText = m.Groups[2].Value.TrimEnd();
            }
            else if ((m = ExpectLine().Match(line)).Success)
            {
                e.Output.Add(m.Groups[1].Value.TrimEnd());
            }
        }
        return e;
    }
}
