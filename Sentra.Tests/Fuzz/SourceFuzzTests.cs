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
}
