using Sentra.Hosting;
using Sentra.Tests.Corpus;
using Xunit;

namespace Sentra.Tests.Examples;

/// <summary>
/// Runs every program of the repository's examples/ folder on every tier and compares its
/// standard output with examples/expected/NAME.out exactly. The examples are found in the
/// source tree (not copied to the output directory), by walking up from the test assembly to
/// the directory that holds SentraJit.sln. The working directory is left alone: examples that
/// read data files locate them themselves (see log_analyzer.sn).
/// </summary>
public sealed class ExamplesTests
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    public static string RepoRoot => s_repoRoot.Value;
    public static string ExamplesDir => Path.Combine(RepoRoot, "examples");
    public static string ExpectedDir => Path.Combine(ExamplesDir, "expected");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentraJit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"SentraJit.sln not found above {AppContext.BaseDirectory}");
    }

    private static IEnumerable<string> ExampleNames() =>
        Directory.EnumerateFiles(ExamplesDir, "*.sn", SearchOption.TopDirectoryOnly)
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in ExampleNames())
        {
            foreach (var tier in Tiers.All) data.Add(name, tier);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Example(string name, string tier)
    {
        var path = Path.Combine(ExamplesDir, name + ".sn");
        var expectedPath = Path.Combine(ExpectedDir, name + ".out");
        Assert.True(File.Exists(expectedPath), $"missing expected output {expectedPath}");
        // tolerate a checkout that converted line endings
        var expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n");

        var output = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(Tiers.Options(tier, output, path));
        var compiled = SentraEngine.Compile(File.ReadAllText(path), path);
        try
        {
            engine.Run(compiled);
        }
        catch (SentraException e)
        {
            Assert.Fail($"{name}.sn failed on tier {tier}:\n{e.Render()}\n--- output so far ---\n{output}");
        }

        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void EveryExpectedOutputHasAnExample()
    {
        var examples = ExampleNames().ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(examples);
        var orphans = Directory.EnumerateFiles(ExpectedDir, "*.out")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(n => !examples.Contains(n))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(orphans);
    }
}
