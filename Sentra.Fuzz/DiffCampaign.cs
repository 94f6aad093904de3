using System.Diagnostics;

namespace Sentra.Fuzz;

/// <summary>What a differential campaign found.</summary>
public sealed class DiffReport
{
    public long Programs;
    public long LimitRuns;
    /// <summary>Programs that did not compile: a generator bug (every tier agrees, so it is no divergence).</summary>
    public long GeneratorErrors;
    /// <summary>Programs run again because a tier timed out while the others finished.</summary>
    public long TimeoutReruns;
    public readonly List<(int Seed, string Signature, string Reduced)> Failures = [];
    public readonly HashSet<string> Coverage = [];
    public TimeSpan Elapsed;

    public double ProgramsPerSecond => Programs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Generates and runs the programs of a seed range on every tier, reducing and saving each
/// failure (the original program, the reduced one and a description, named by seed).
/// </summary>
public sealed class DiffCampaign(DifferentialRunner runner, string? outDir, TextWriter? progress)
{
    /// <summary>Seeds to skip, with the reason (a known divergence awaiting a fix).</summary>
    public IReadOnlyDictionary<int, string> KnownFailures { get; init; } = new Dictionary<int, string>();

    /// <summary>Runs seeds <paramref name="first"/>..<paramref name="last"/> (inclusive) until done or <paramref name="deadline"/>.</summary>
    public DiffReport Run(int first, int last, TimeSpan? deadline = null, bool reduce = true)
    {
        var report = new DiffReport();
        var clock = Stopwatch.StartNew();
        var lastProgress = clock.Elapsed;
        for (long seed = first; seed <= last; seed++)
        {
            if (deadline is TimeSpan d && clock.Elapsed > d) break;
            if (KnownFailures.ContainsKey((int)seed)) continue;
            var program = ProgramGenerator.Generate((int)seed);
            report.Coverage.UnionWith(program.Coverage);
            var result = runner.Run(program.Source);
            report.Programs++;
            if (result.Runs.Any(r => r.HitLimit)) report.LimitRuns++;
            if (result.Runs[0].Ending.StartsWith("syntax:", StringComparison.Ordinal))
            {
                report.GeneratorErrors++;
                progress?.WriteLine($"seed {seed}: generated program does not compile: {result.Runs[0].Ending}");
            }
            if (result.Failed && !result.Crashed && result.Runs.Any(r => r.Ending == "limit: timeout"))
            {
                // a tier that ran out of wall-clock time on a loaded machine is not a divergence
                // unless it does so again
                report.TimeoutReruns++;
                result = runner.Run(program.Source);
            }
            if (result.Failed)
            {
                var reduced = reduce ? Reducer.Reduce(runner, program.Source, result) : program.Source;
                var description = DifferentialRunner.Describe(result);
                report.Failures.Add(((int)seed, result.Signature, reduced));
                progress?.WriteLine($"seed {seed}: {description}--- reduced:\n{reduced}---");
                if (outDir is not null)
                {
                    Directory.CreateDirectory(outDir);
                    File.WriteAllText(Path.Combine(outDir, $"seed-{seed}.sn"), program.Source);
                    File.WriteAllText(Path.Combine(outDir, $"seed-{seed}.reduced.sn"), reduced);
                    var reducedRun = DifferentialRunner.Describe(runner.Run(reduced));
                    File.WriteAllText(Path.Combine(outDir, $"seed-{seed}.txt"), description + "\nreduced:\n" + reducedRun
                        + string.Concat(runner.Run(reduced).Runs.Select(r => $"\n--- {r.Tier}\n{r.Observable}\n")));
                }
            }
            if (progress is not null && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(30))
            {
                lastProgress = clock.Elapsed;
                report.Elapsed = clock.Elapsed;
                progress.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] seed {seed}: {report.Programs} programs, {report.ProgramsPerSecond:F1}/s, {report.Failures.Count} failures, {report.LimitRuns} limit runs");
            }
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }
}
