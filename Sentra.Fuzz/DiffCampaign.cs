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
    /// <summary>Where the time went, per tier (<see cref="DifferentialRunner.TimeReport"/>).</summary>
    public string Times = "";

    public double ProgramsPerSecond => Programs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Generates and runs the programs of a seed range on every tier, reducing and saving each
/// failure (the original program, the reduced one and a description, named by seed). With
/// several workers each runs its own <see cref="DifferentialRunner"/> (its own backends) on
/// a thread of its own and takes the next seed when done; a program's verdict does not
/// depend on which worker ran it.
/// </summary>
public sealed class DiffCampaign(DifferentialRunner runner, string? outDir, TextWriter? progress)
{
    /// <summary>Seeds to skip, with the reason (a known divergence awaiting a fix).</summary>
    public IReadOnlyDictionary<int, string> KnownFailures { get; init; } = new Dictionary<int, string>();

    /// <summary>Worker threads (1: the given runner only; more: a new runner with the same limits for each other worker).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Runs seeds <paramref name="first"/>..<paramref name="last"/> (inclusive) until done or <paramref name="deadline"/>.</summary>
    public DiffReport Run(int first, int last, TimeSpan? deadline = null, bool reduce = true)
    {
        var report = new DiffReport();
        var clock = Stopwatch.StartNew();
        var lastProgress = clock.Elapsed;
        long next = first;
        var runners = new List<DifferentialRunner> { runner };
        for (int w = 1; w < Workers; w++) runners.Add(new DifferentialRunner { MaxSteps = runner.MaxSteps, Timeout = runner.Timeout });
        Exception? workerError = null;

        void Work(DifferentialRunner r)
        {
            try
            {
                while (true)
                {
                    if (deadline is TimeSpan d && clock.Elapsed > d) return;
                    long seed = Interlocked.Increment(ref next) - 1;
                    if (seed > last) return;
                    if (KnownFailures.ContainsKey((int)seed)) continue;
                    RunSeed(r, (int)seed, report, reduce);
                    lock (report)
                    {
                        if (progress is not null && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(30))
                        {
                            lastProgress = clock.Elapsed;
                            report.Elapsed = clock.Elapsed;
                            progress.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] seed {seed}: {report.Programs} programs, {report.ProgramsPerSecond:F1}/s, {report.Failures.Count} failures, {report.LimitRuns} limit runs");
                            progress.Flush();
                        }
                    }
                }
            }
            catch (Exception e)
            {
                // a bug of the runner itself (a tier's crash is a result, not an exception): stop and report it
                workerError ??= e;
            }
        }

        var threads = runners.Select((r, i) => DifferentialRunner.OnWorkerThread(() => Work(r), $"diff-worker-{i}")).ToList();
        foreach (var t in threads) t.Join();
        if (workerError is not null) throw new InvalidOperationException("a differential worker failed", workerError);
        report.Elapsed = clock.Elapsed;
        report.Times = DifferentialRunner.TimeReport(runners);
        return report;
    }

    private void RunSeed(DifferentialRunner runner, int seed, DiffReport report, bool reduce)
    {
        var program = ProgramGenerator.Generate(seed);
        var result = runner.Run(program.Source);
        bool rerun = false;
        if (result.Failed && !result.Crashed && result.Runs.Any(r => r.Ending == "limit: timeout"))
        {
            // a tier that ran out of wall-clock time on a loaded machine is not a divergence
            // unless it does so again
            rerun = true;
            result = runner.Run(program.Source);
        }
        string? reduced = null, description = null;
        if (result.Failed)
        {
            reduced = reduce ? Reducer.Reduce(runner, program.Source, result) : program.Source;
            description = DifferentialRunner.Describe(result);
            if (outDir is not null)
            {
                Directory.CreateDirectory(outDir);
                File.WriteAllText(Path.Combine(outDir, $"seed-{seed}.sn"), program.Source);
                File.WriteAllText(Path.Combine(outDir, $"seed-{seed}.reduced.sn"), reduced);
                var reducedRun = runner.Run(reduced);
                File.WriteAllText(Path.Combine(outDir, $"seed-{seed}.txt"), description + "\nreduced:\n" + DifferentialRunner.Describe(reducedRun)
                    + string.Concat(reducedRun.Runs.Select(r => $"\n--- {r.Tier}\n{r.Observable}\n")));
            }
        }
        lock (report)
        {
            report.Coverage.UnionWith(program.Coverage);
            report.Programs++;
            if (rerun) report.TimeoutReruns++;
            if (result.Runs.Any(r => r.HitLimit)) report.LimitRuns++;
            if (result.Runs[0].Ending.StartsWith("syntax:", StringComparison.Ordinal))
            {
                report.GeneratorErrors++;
                progress?.WriteLine($"seed {seed}: generated program does not compile: {result.Runs[0].Ending}");
            }
            if (reduced is not null)
            {
                report.Failures.Add((seed, result.Signature, reduced));
                progress?.WriteLine($"seed {seed}: {description}--- reduced:\n{reduced}---");
                progress?.Flush();
            }
        }
    }
}
