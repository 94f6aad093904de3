// The sentra-fuzz command: long runs of the differential tester, the source fuzzer and the
// engine stress test (docs/reliability.md has what each does and the numbers measured).
//
//   dotnet run --project Sentra.Fuzz -c Release -- --seeds 0-1000000 [--workers W] [--minutes M] [--out DIR]
//   dotnet run --project Sentra.Fuzz -c Release -- fuzz --inputs 1000000 [--seed S] [--workers W | --isolate BATCH] [--minutes M] [--out DIR]
//   dotnet run --project Sentra.Fuzz -c Release -- stress [--minutes M] [--threads T]
//   dotnet run --project Sentra.Fuzz -c Release -- show SEED      (print a seed's program)
//   dotnet run --project Sentra.Fuzz -c Release -- run SEED|FILE  (every tier's output)
//   dotnet run --project Sentra.Fuzz -c Release -- reduce SEED|FILE [--contains TEXT]  (a divergence, or the interpreter's output containing TEXT, reduced)
//
// Exit status: 0 when nothing failed, 1 when a divergence or crash was found, 2 for usage.
namespace Sentra.Fuzz;

/// <summary>The entry point of the sentra-fuzz command (see the file header).</summary>
internal static class FuzzProgram
{
    private static int Usage()
    {
        Console.Error.WriteLine("usage: sentra-fuzz [diff] --seeds A-B [--workers W] [--minutes M] [--out DIR] [--no-reduce]");
        Console.Error.WriteLine("       sentra-fuzz fuzz [--inputs N] [--seed S] [--workers W | --isolate BATCH] [--minutes M] [--out DIR]");
        Console.Error.WriteLine("       sentra-fuzz stress [--minutes M] [--threads T]");
        Console.Error.WriteLine("       sentra-fuzz show SEED | run SEED|FILE | reduce SEED|FILE [--contains TEXT] | check FILE [--tier T] [--all]");
        return 2;
    }

    public static int Main(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "diff";
        if (mode == "fuzz-batch") return FuzzBatch(args);
        var options = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (int i = mode == "diff" && (args.Length == 0 || args[0] != "diff") ? 0 : 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) { options["positional"] = args[i]; continue; }
            if (args[i] is "--no-reduce" or "--all" or "--stats") { flags.Add(args[i]); continue; }
            if (i + 1 >= args.Length) return Usage();
            options[args[i]] = args[++i];
        }
        TimeSpan? minutes = options.TryGetValue("--minutes", out var m) ? TimeSpan.FromMinutes(double.Parse(m, System.Globalization.CultureInfo.InvariantCulture)) : null;
        var outDir = options.GetValueOrDefault("--out");

        switch (mode)
        {
            case "show":
                if (!options.TryGetValue("positional", out var seedText)) return Usage();
                Console.Write(ProgramGenerator.Generate(int.Parse(seedText, System.Globalization.CultureInfo.InvariantCulture)).Source);
                return 0;

            case "diff":
            {
                var range = options.GetValueOrDefault("--seeds", "0-1000").Split('-');
                int workers = int.Parse(options.GetValueOrDefault("--workers", "1"), System.Globalization.CultureInfo.InvariantCulture);
                if (range.Length != 2) return Usage();
                int first = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
                int last = int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture);
                var campaign = new DiffCampaign(new DifferentialRunner(), outDir ?? "fuzz-out", Console.Out) { Workers = workers };
                var report = campaign.Run(first, last, minutes, reduce: !flags.Contains("--no-reduce"));
                Console.WriteLine($"seeds {first}-{last}: {report.Programs} programs in {report.Elapsed.TotalSeconds:F0} s ({report.ProgramsPerSecond:F1} programs/s, each on 4 tiers), "
                    + $"{report.Failures.Count} failures, {report.LimitRuns} runs ended by a limit, {report.GeneratorErrors} programs that do not compile, {report.TimeoutReruns} run again after a timeout");
                foreach (var f in report.Failures) Console.WriteLine($"  seed {f.Seed}: {f.Signature}");
                Console.Write("time per tier:\n" + report.Times);
                var missing = ProgramGenerator.AllCoverageKeys.Where(k => !report.Coverage.Contains(k)).ToList();
                Console.WriteLine(missing.Count == 0 ? "every generator feature covered" : "not covered: " + string.Join(", ", missing));
                return report.Failures.Count == 0 ? 0 : 1;
            }

            case "fuzz":
            {
                long inputs = long.Parse(options.GetValueOrDefault("--inputs", "100000"), System.Globalization.CultureInfo.InvariantCulture);
                int seed = int.Parse(options.GetValueOrDefault("--seed", "1"), System.Globalization.CultureInfo.InvariantCulture);
                var fuzzer = new SourceFuzzer(SourceFuzzer.LoadCorpus(SourceFuzzer.FindRepositoryRoot()), seed)
                {
                    CurrentInputFile = outDir is null ? null : Path.Combine(outDir, "current-input.sn"),
                    Workers = int.Parse(options.GetValueOrDefault("--workers", "1"), System.Globalization.CultureInfo.InvariantCulture),
                };
                if (outDir is not null) Directory.CreateDirectory(outDir);
                var report = options.TryGetValue("--isolate", out var batch)
                    ? fuzzer.RunIsolated(inputs, int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture), minutes, Console.Out)
                    : fuzzer.Run(inputs, minutes, Console.Out);
                Console.WriteLine(report.Summary());
                if (outDir is not null)
                    for (int i = 0; i < report.Failures.Count; i++) File.WriteAllText(Path.Combine(outDir, $"fuzz-failure-{i}.sn"), report.Failures[i].Input);
                foreach (var f in report.Failures.Take(20)) Console.WriteLine($"--- {f.What}\n{f.Input}\n");
                return report.Failures.Count == 0 ? 0 : 1;
            }

            case "stress":
            {
                int threads = int.Parse(options.GetValueOrDefault("--threads", "4"), System.Globalization.CultureInfo.InvariantCulture);
                var report = EngineStress.Run(threads, minutes ?? TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), Console.Out);
                Console.WriteLine(report);
                return 0;
            }

            case "run":
            {
                // a seed or a file on every tier, with each tier's output (triage of a saved failure)
                if (!options.TryGetValue("positional", out var what)) return Usage();
                var source = File.Exists(what) ? File.ReadAllText(what) : ProgramGenerator.Generate(int.Parse(what, System.Globalization.CultureInfo.InvariantCulture)).Source;
                var runner = new DifferentialRunner();
                var result = runner.Run(source);
                foreach (var r in result.Runs) Console.WriteLine($"--- {r.Tier}\n{r.Observable}");
                Console.WriteLine(DifferentialRunner.Describe(result));
                if (flags.Contains("--stats")) Console.WriteLine(runner.JitReport());
                return result.Failed ? 1 : 0;
            }

            case "reduce":
            {
                // a seed or file reduced: by its divergence on the runner, or by the oracle
                // "the interpreter's output contains TEXT" (--contains)
                if (!options.TryGetValue("positional", out var what)) return Usage();
                var source = File.Exists(what) ? File.ReadAllText(what) : ProgramGenerator.Generate(int.Parse(what, System.Globalization.CultureInfo.InvariantCulture)).Source;
                var runner = new DifferentialRunner();
                string reduced;
                if (options.TryGetValue("--contains", out var text))
                {
                    reduced = Reducer.Reduce(source, s =>
                    {
                        var r = runner.RunOn("interp", s);
                        return !r.Ending.StartsWith("syntax:", StringComparison.Ordinal) && !r.HitLimit && r.Output.Contains(text, StringComparison.Ordinal);
                    });
                }
                else
                {
                    var result = runner.Run(source);
                    if (!result.Failed) { Console.Error.WriteLine("no divergence to reduce"); return 1; }
                    reduced = Reducer.Reduce(runner, source, result);
                    Console.Error.Write(DifferentialRunner.Describe(runner.Run(reduced)));
                }
                Console.Write(reduced);
                return 0;
            }

            case "check":
            {
                // one fuzz input through every tier and entry path, each attempt reported (triage of a fuzz failure)
                if (!options.TryGetValue("positional", out var file)) return Usage();
                var input = File.ReadAllText(file);
                var fuzzer = new SourceFuzzer([], 0);
                int failures = 0;
                int step = flags.Contains("--all") ? 1 : 257;
                foreach (var tier in DifferentialRunner.TierNames.Where(t => options.GetValueOrDefault("--tier", t) == t))
                    for (int choice = 0; choice < 1024; choice += step)
                    {
                        var report = new FuzzReport();
                        Console.Write($"{tier} choice {choice}: ");
                        Console.Out.Flush();
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        fuzzer.Check(input, tier, choice, report);
                        Console.Write($"{clock.ElapsedMilliseconds} ms ");
                        Console.WriteLine(report.Failures.Count == 0 ? "ok" : report.Failures[0].What);
                        failures += report.Failures.Count;
                    }
                return failures == 0 ? 0 : 1;
            }

            default:
                return Usage();
        }
    }

    /// <summary>
    /// The child process of an isolated fuzz run: checks the inputs of a batch file and writes
    /// the report (fuzz-batch IN OUT [--steps N] [--timeout-ms T] [--crash-on TEXT]). With
    /// --crash-on, an input containing TEXT ends the process as a fatal error would: the
    /// tests use it to check that the parent finds such an input.
    /// </summary>
    private static int FuzzBatch(string[] args)
    {
        if (args.Length < 3) return Usage();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        long steps = 5_000;
        var timeout = TimeSpan.FromSeconds(2);
        string? crashOn = null;
        for (int i = 3; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--steps": steps = long.Parse(args[i + 1], inv); break;
                case "--timeout-ms": timeout = TimeSpan.FromMilliseconds(long.Parse(args[i + 1], inv)); break;
                case "--crash-on": crashOn = args[i + 1]; break;
                default: return Usage();
            }
        }
        var batch = SourceFuzzer.ReadBatch(args[1]);
        var fuzzer = new SourceFuzzer([], 0) { MaxSteps = steps, Timeout = timeout };
        int next = 0;
        var report = fuzzer.RunFrom(() =>
        {
            if (next >= batch.Count) return null;
            var item = batch[next++];
            if (crashOn is not null && item.Input.Contains(crashOn, StringComparison.Ordinal)) Environment.FailFast("fuzz-batch: --crash-on input");
            return item;
        });
        SourceFuzzer.WriteReport(args[2], report);
        return 0;
    }
}
