using Sentra.Fuzz;
using Xunit;

namespace Sentra.Tests.Fuzz;

/// <summary>
/// The bounded front-end and engine fuzz run: mutated corpus scripts and generated programs
/// through compile, run (every tier) and call end in a clean run or a Sentra error, never in
/// another exception or a hang. The long run is
/// `dotnet run --project Sentra.Fuzz -c Release -- fuzz --inputs 1000000` (docs/reliability.md).
/// </summary>
public sealed class SourceFuzzTests
{
    [Fact]
    public void MutatedSourceFailsOnlyInSentrasWays()
    {
        var fuzzer = new SourceFuzzer(SourceFuzzer.LoadCorpus(SourceFuzzer.FindRepositoryRoot()), seed: 16);
        // a fixed seed; the deadline bounds the time on a slow machine (the inputs are the same, fewer of them run)
        var report = fuzzer.Run(inputs: 4000, deadline: TimeSpan.FromSeconds(15));
        Assert.True(report.Failures.Count == 0, string.Join("\n\n", report.Failures.Take(5).Select(f => f.What + "\n--- input:\n" + f.Input)));
        Assert.True(report.Inputs >= 50, report.Summary());
        Assert.True(report.SyntaxErrors > 0 && report.RuntimeErrors + report.CleanRuns > 0, report.Summary());
    }

    [Fact]
    public void IsolatedRunFindsAnInputThatKillsItsProcess()
    {
        // the child processes are told to die (as on a fatal .NET error) on a text that only
        // the fourth input contains: the batch that holds it dies, its inputs are checked one
        // by one, and exactly that input is reported, with every input still counted once
        var corpus = SourceFuzzer.LoadCorpus(SourceFuzzer.FindRepositoryRoot());
        var same = new SourceFuzzer(corpus, seed: 7);
        var inputs = Enumerable.Range(0, 8).Select(_ => same.NextCheck().Input).ToList();
        string? marker = null;
        for (int at = 0; at + 6 <= inputs[3].Length && marker is null; at++)
        {
            var piece = inputs[3].Substring(at, 6);
            if (inputs.Where((s, i) => i != 3).All(s => !s.Contains(piece, StringComparison.Ordinal))) marker = piece;
        }
        Assert.NotNull(marker);
        var fuzzer = new SourceFuzzer(corpus, seed: 7) { ChildArguments = ["--crash-on", marker!] };
        var report = fuzzer.RunIsolated(inputs: 8, batchSize: 4);
        Assert.Equal(8L, report.Inputs);
        var failure = Assert.Single(report.Failures);
        Assert.Contains("process crash", failure.What, StringComparison.Ordinal);
        Assert.Equal(inputs[3], failure.Input);
    }
}
