using Sentra.Fuzz;
using Xunit;

namespace Sentra.Tests.Fuzz;

/// <summary>
/// The bounded differential run: a fixed range of generated programs on every tier, with
/// no divergence, no crash, no limit reached, and every generator feature covered. The long
/// run is `dotnet run --project Sentra.Fuzz -c Release -- --seeds 0-1000000`
/// (docs/reliability.md).
/// </summary>
public sealed class DifferentialTests
{
    /// <summary>
    /// Three programs per feature (the first section of seed s is feature s % 16), about
    /// 10-25 s on two cores.
    /// </summary>
    private const int FirstSeed = 0;
    private const int LastSeed = 47;

    /// <summary>Seeds of the bounded range left out until the divergence they show is fixed, with the bug.</summary>
    private static readonly Dictionary<int, string> s_knownDivergences = new();

    [Fact]
    public void GeneratedProgramsAgreeOnEveryTier()
    {
        var progress = new StringWriter();
        var campaign = new DiffCampaign(new DifferentialRunner(), outDir: null, progress) { KnownFailures = s_knownDivergences };
        var report = campaign.Run(FirstSeed, LastSeed);
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} divergences:\n{progress}");
        Assert.True(report.GeneratorErrors == 0, $"generated programs that do not compile:\n{progress}");
        Assert.Equal(0, report.LimitRuns);
        var missing = ProgramGenerator.AllCoverageKeys.Where(k => !report.Coverage.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "generator features not covered: " + string.Join(", ", missing));
    }

    [Fact]
    public void GeneratorIsReproducible()
    {
        Assert.Equal(ProgramGenerator.Generate(12345).Source, ProgramGenerator.Generate(12345).Source);
        Assert.NotEqual(ProgramGenerator.Generate(1).Source, ProgramGenerator.Generate(2).Source);
    }

    [Fact]
    public void ReducerKeepsOnlyTheLinesTheFailureNeeds()
    {
        var source = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"log({i})")) + "\n";
        var reduced = Reducer.Reduce(source, s => s.Contains("log(7)") && s.Contains("log(31)"));
        Assert.Equal("log(7)\nlog(31)\n", reduced);
    }

    [Fact]
    public void ReducerReducesInsideExpressions()
    {
        // a synthetic oracle on the text: the program still compiles and still calls bug
        static bool Compiles(string s)
        {
            try { Sentra.Hosting.SentraEngine.Compile(s); return true; }
            catch (SentraException) { return false; }
        }
        var source = "let xs = [1, 2]\nlog(1 + max(2, [3, 4, bug(7, \"x\")][0]) * 5, \"y\")\nlog(xs)\n";
        var reduced = Reducer.Reduce(source, s => s.Contains("bug(", StringComparison.Ordinal) && Compiles(s));
        Assert.Equal("bug()", reduced.Replace(" ", "", StringComparison.Ordinal).Trim());
    }

    [Theory]
    [InlineData(13)]
    [InlineData(27)]
    public void ReducerShrinksAGeneratedProgramToWhatAnOracleNeeds(int seed)
    {
        // the oracle "the interpreter's output still contains this error message" stands for
        // a divergence: the message is the last one a probe printed (without the probe's
        // call count, which only says how many calls came before)
        var runner = new DifferentialRunner { Timeout = TimeSpan.FromSeconds(10) };
        var source = ProgramGenerator.Generate(seed).Source;
        var line = runner.RunOn("interp", source).Output.Split('\n').Last(l => l.StartsWith("err ", StringComparison.Ordinal) && l.Length > 12);
        var target = line.Split(" #")[0];
        bool Oracle(string s)
        {
            var run = runner.RunOn("interp", s);
            return !run.Ending.StartsWith("syntax:", StringComparison.Ordinal) && !run.HitLimit && run.Output.Contains(target, StringComparison.Ordinal);
        }
        var byLines = Reducer.ReduceLines(source, Oracle, () => true);
        var reduced = Reducer.Reduce(source, Oracle, maxTests: 3000);
        Assert.True(Oracle(reduced), reduced);
        int Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(Lines(reduced) <= 12 && reduced.Length * 5 < source.Length, $"{source.Length} -> {reduced.Length} characters:\n{reduced}");
        // the expression pass removes what whole lines cannot
        Assert.True(reduced.Length < byLines.Length, $"lines only:\n{byLines}\nwith expressions:\n{reduced}");
    }

    [Fact]
    public void RunnerReportsADifferenceInOutputOrEnding()
    {
        var same = new DiffResult([new TierRun("interp", "1\n", "ok"), new TierRun("jit", "1\n", "ok")]);
        Assert.False(same.Failed);
        var differs = new DiffResult([new TierRun("interp", "1\n", "ok"), new TierRun("jit", "1\n", "Runtime error: x")]);
        Assert.True(differs.Failed);
        Assert.Equal("diverge jit", differs.Signature);
        var crash = new DiffResult([new TierRun("interp", "", "crash: System.Exception: x"), new TierRun("jit", "", "crash: System.Exception: x")]);
        Assert.True(crash.Failed);
        Assert.StartsWith("crash", crash.Signature);
    }
}
