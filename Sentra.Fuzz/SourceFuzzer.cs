// The front-end and engine fuzzer. Inputs are corpus scripts (the test corpus and the
// examples) and generated programs, mutated at the byte level (bit flips, random and
// "interesting" bytes, deleted, duplicated and swapped ranges, truncation) or at the token
// level (tokens deleted, duplicated, swapped, replaced by keywords, operators and edge
// literals, spliced from another script, a range repeated to nest deeply), plus random
// token soup. Each input goes through compilation (the `check` path), then, when it
// compiles, a run on one of the four tiers with a small step budget and a timeout, through
// either Run(script) or Run(source), and finally Call on one of the globals it defined. The
// only acceptable outcomes are a clean run and a SentraException (syntax, runtime, limit);
// any other exception, or a run that outlives its limits, is a failure.
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Tiering;
using Sentra.Runtime;

namespace Sentra.Fuzz;

/// <summary>What a fuzzing campaign found.</summary>
public sealed class FuzzReport
{
    public long Inputs;
    public long SyntaxErrors;
    public long RuntimeErrors;
    public long LimitErrors;
    public long CleanRuns;
    /// <summary>Runs that took far longer than their timeout once but not when run again (a stalled machine).</summary>
    public long SlowRuns;
    public TimeSpan Elapsed;
    /// <summary>Time the checking threads spent in the .NET JIT (compiling the IL of Sentra's JIT, and the engine's own code at first use).</summary>
    public double DotnetJitSeconds;
    /// <summary>Time the checking threads spent checking inputs (with several workers, more than the elapsed time).</summary>
    public double CheckSeconds;
    public readonly List<(string What, string Input)> Failures = [];

    public double InputsPerSecond => Inputs / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public string Summary() =>
        $"{Inputs} inputs in {Elapsed.TotalSeconds:F0} s ({InputsPerSecond:F0} inputs/s): {SyntaxErrors} syntax errors, "
        + $"{RuntimeErrors} runtime errors, {LimitErrors} limit errors, {CleanRuns} clean runs, {SlowRuns} slow runs, {Failures.Count} failures; "
        + $"{DotnetJitSeconds / Math.Max(CheckSeconds, 1e-9):P0} of the checking time in the .NET JIT";
}

/// <summary>Mutates Sentra source and checks that compile, run and call fail only in Sentra's ways (see the file header).</summary>
public sealed partial class SourceFuzzer
{
    private static readonly string[] s_tierNames = ["interp", "jit", "tiered", "stress"];
    private static readonly Dictionary<string, JitBackend> s_backends = new()
    {
        ["jit"] = new JitBackend(Tier.Jit),
        ["tiered"] = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = 2 }),
        ["stress"] = new JitBackend(Tier.DeoptStress),
    };

    private static readonly string[] s_dictionary =
    [
        "fn", "let", "var", "const", "if", "else", "while", "for", "in", "return", "break", "continue", "match", "try",
        "catch", "finally", "throw", "import", "export", "as", "nil", "null", "true", "false", "_",
        "(", ")", "{", "}", "[", "]", ",", ".", ":", ";", "=>", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*",
        "/", "%", "!", "&&", "||", "|", "\"", "`", "\\", "#", "\n",
        "0", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775807", "1e308", "1e309", "0.0", "-0.0",
        "4.9e-324", "0x10", "1.", ".5", "1e", "\"\"", "\"a\\nb\"", "\"\\u{1F600}\"", "\"\\x\"", "`raw`",
        "len", "log", "str", "push", "range", "map", "keys", "sort", "json_decode", "json_encode", "substring", "pow",
        "math", "string", "fn(x) => x", "[1, 2]", "{a: 1}", "x", "f", "self", "__proto__",
    ];

    private readonly List<string> _corpus;
    private readonly Random _rng;
    private long _generated;

    public SourceFuzzer(IReadOnlyList<string> corpus, int seed)
    {
        _corpus = [.. corpus];
        _rng = new Random(seed);
        _generated = (long)seed * 1_000_003;
    }

    /// <summary>Where to write each input before it runs (so a process crash leaves it on disk); null: nowhere.</summary>
    public string? CurrentInputFile { get; init; }

    /// <summary>
    /// Step budget of one run: small, because a deep recursion that ends in an error unwinds
    /// in time quadratic in its depth (docs/reliability.md), and the fuzzer is after the
    /// front end and the engine's error paths, not long runs.
    /// </summary>
    public long MaxSteps { get; init; } = 5_000;

    /// <summary>Timeout of one run; a run taking much longer than this is a hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The scripts of the test corpus and the examples under a repository root.</summary>
    public static List<string> LoadCorpus(string root)
    {
        var dirs = new[] { Path.Combine(root, "Sentra.Tests", "Scripts"), Path.Combine(root, "examples") };
        return [.. dirs.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.sn", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText)];
    }

    /// <summary>The repository root above the current directory or the program's (the folder of SentraJit.sln).</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "SentraJit.sln"))) return d.FullName;
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>Worker threads checking inputs; the inputs, and each one's tier and choice, are the same for any number of workers.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Fuzzes <paramref name="inputs"/> inputs or until <paramref name="deadline"/>.</summary>
    public FuzzReport Run(long inputs, TimeSpan? deadline = null, TextWriter? progress = null)
    {
        long drawn = 0;
        return RunFrom(() =>
        {
            if (drawn >= inputs) return null;
            drawn++;
            return NextCheck();
        }, deadline, progress);
    }

    /// <summary>The next input with the tier it runs on and the choice of entry path and global to call.</summary>
    public (string Input, string Tier, int Choice) NextCheck()
    {
        var input = NextInput();
        return (input, s_tierNames[_rng.Next(s_tierNames.Length)], _rng.Next());
    }

    /// <summary>The next input to check, with its tier and entry-path choice (null: no more); called under a lock.</summary>
    public delegate (string Input, string Tier, int Choice)? InputSource();

    /// <summary>Checks the inputs <paramref name="source"/> gives, on the worker threads, until it ends or <paramref name="deadline"/>.</summary>
    public FuzzReport RunFrom(InputSource source, TimeSpan? deadline = null, TextWriter? progress = null)
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        var lastProgress = clock.Elapsed;
        long next = 0;
        int workers = Math.Max(1, Workers);
        var reports = Enumerable.Range(0, workers).Select(_ => new FuzzReport()).ToArray();
        // when each worker started its current input (ticks; 0: between inputs), and which input, for the watchdog
        var startedAt = new long[workers];
        var current = new string?[workers];
        bool stop = false;

        FuzzReport Total()
        {
            var t = new FuzzReport { Elapsed = clock.Elapsed };
            foreach (var r in reports)
                lock (r)
                {
                    t.Inputs += r.Inputs; t.SyntaxErrors += r.SyntaxErrors; t.RuntimeErrors += r.RuntimeErrors;
                    t.LimitErrors += r.LimitErrors; t.CleanRuns += r.CleanRuns; t.SlowRuns += r.SlowRuns;
                    t.DotnetJitSeconds += r.DotnetJitSeconds; t.CheckSeconds += r.CheckSeconds;
                    t.Failures.AddRange(r.Failures);
                }
            return t;
        }

        void Work(int w)
        {
            var mine = reports[w];
            var file = CurrentInputFile is null || workers == 1 ? CurrentInputFile : CurrentInputFile.Replace(".sn", $"-{w}.sn", StringComparison.Ordinal);
            while (!Volatile.Read(ref stop))
            {
                if (deadline is TimeSpan d && clock.Elapsed > d) return;
                string input, tier;
                int choice;
                long i;
                lock (_rng)
                {
                    if (source() is not { } drawn) return;
                    i = next++;
                    (input, tier, choice) = drawn;
                }
                if (file is not null) File.WriteAllText(file, input);
                current[w] = input;
                Volatile.Write(ref startedAt[w], Stopwatch.GetTimestamp());
                var one = new FuzzReport();
                var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
                long checkStarted = Stopwatch.GetTimestamp();
                Check(input, tier, choice, one);
                one.CheckSeconds = Stopwatch.GetElapsedTime(checkStarted).TotalSeconds;
                one.DotnetJitSeconds = (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jitBefore).TotalSeconds;
                Volatile.Write(ref startedAt[w], 0);
                lock (mine)
                {
                    mine.Inputs++;
                    mine.SyntaxErrors += one.SyntaxErrors; mine.RuntimeErrors += one.RuntimeErrors; mine.LimitErrors += one.LimitErrors;
                    mine.CleanRuns += one.CleanRuns; mine.SlowRuns += one.SlowRuns;
                    mine.DotnetJitSeconds += one.DotnetJitSeconds; mine.CheckSeconds += one.CheckSeconds;
                    mine.Failures.AddRange(one.Failures);
                }
                if (one.Failures.Count > 0 && progress is not null)
                    lock (progress) progress.WriteLine($"input {i}: {one.Failures[^1].What}\n--- input:\n{input}\n---");
            }
        }

        var threads = Enumerable.Range(0, workers).Select(w => DifferentialRunner.OnWorkerThread(() => Work(w), $"fuzz-worker-{w}")).ToList();
        // the watchdog: a check that never returns (a loop in the engine that polls no limit)
        // is a hang; it is reported with its input and the run stops (the thread cannot be
        // aborted, and it is a background thread, so the process can still exit)
        while (threads.Any(t => t.IsAlive))
        {
            foreach (var t in threads) t.Join(TimeSpan.FromMilliseconds(200));
            for (int w = 0; w < workers; w++)
            {
                long s0 = Volatile.Read(ref startedAt[w]);
                if (s0 != 0 && Stopwatch.GetElapsedTime(s0) > 3 * HangThreshold && current[w] is { } stuck)
                {
                    lock (reports[w]) reports[w].Failures.Add(($"hang: no return after {Stopwatch.GetElapsedTime(s0).TotalSeconds:F0} s with a {Timeout.TotalSeconds} s timeout", stuck));
                    Volatile.Write(ref stop, true);
                    Volatile.Write(ref startedAt[w], 0);
                }
            }
            if (Volatile.Read(ref stop) && threads.Any(t => t.IsAlive) && reports.Any(r => r.Failures.Any(f => f.What.StartsWith("hang: no return", StringComparison.Ordinal)))) break;
            if (progress is not null && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(30))
            {
                lastProgress = clock.Elapsed;
                lock (progress) progress.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {Total().Summary()}");
                progress.Flush();
            }
        }
        var total = Total();
        report = total;
        report.Elapsed = clock.Elapsed;
        return report;
    }

    // ---- process isolation: a crash of the whole process (a fatal .NET error) is found too ----

    /// <summary>Writes inputs with their tier and choice to a batch file (length-prefixed, any characters allowed).</summary>
    public static void WriteBatch(string path, IEnumerable<(string Input, string Tier, int Choice)> batch)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var (input, tier, choice) in batch) w.Write($"{tier} {choice} {input.Length}\n{input}");
    }

    /// <summary>Reads a batch file written by <see cref="WriteBatch"/>.</summary>
    public static List<(string Input, string Tier, int Choice)> ReadBatch(string path)
    {
        var list = new List<(string, string, int)>();
        var text = File.ReadAllText(path, new UTF8Encoding(false));
        int pos = 0;
        while (pos < text.Length)
        {
            int eol = text.IndexOf('\n', pos);
            var head = text[pos..eol].Split(' ');
            int length = int.Parse(head[2], System.Globalization.CultureInfo.InvariantCulture);
            list.Add((text.Substring(eol + 1, length), head[0], int.Parse(head[1], System.Globalization.CultureInfo.InvariantCulture)));
            pos = eol + 1 + length;
        }
        return list;
    }

    /// <summary>Writes a report for the parent process: the counts, then each failure length-prefixed.</summary>
    public static void WriteReport(string path, FuzzReport r)
    {
        var sb = new StringBuilder();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{r.Inputs} {r.SyntaxErrors} {r.RuntimeErrors} {r.LimitErrors} {r.CleanRuns} {r.SlowRuns} {r.DotnetJitSeconds} {r.CheckSeconds}\n");
        foreach (var (what, input) in r.Failures) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{what.Length} {input.Length}\n{what}{input}");
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private static FuzzReport ReadReport(string path)
    {
        var text = File.ReadAllText(path, new UTF8Encoding(false));
        int eol = text.IndexOf('\n');
        var c = text[..eol].Split(' ');
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var r = new FuzzReport
        {
            Inputs = long.Parse(c[0], inv), SyntaxErrors = long.Parse(c[1], inv), RuntimeErrors = long.Parse(c[2], inv), LimitErrors = long.Parse(c[3], inv),
            CleanRuns = long.Parse(c[4], inv), SlowRuns = long.Parse(c[5], inv), DotnetJitSeconds = double.Parse(c[6], inv), CheckSeconds = double.Parse(c[7], inv),
        };
        int pos = eol + 1;
        while (pos < text.Length)
        {
            eol = text.IndexOf('\n', pos);
            var h = text[pos..eol].Split(' ');
            int wl = int.Parse(h[0], inv), il = int.Parse(h[1], inv);
            r.Failures.Add((text.Substring(eol + 1, wl), text.Substring(eol + 1 + wl, il)));
            pos = eol + 1 + wl + il;
        }
        return r;
    }

    /// <summary>The command that starts a child process of this program (the fuzz-batch mode).</summary>
    public static (string File, List<string> Args) ChildCommand()
    {
        var dll = typeof(SourceFuzzer).Assembly.Location;
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (host, [dll]);
    }

    /// <summary>Extra arguments for every child (the tests use them to make a child die on purpose).</summary>
    public IReadOnlyList<string> ChildArguments { get; init; } = [];

    /// <summary>
    /// Fuzzes like <see cref="Run"/>, but checks the inputs in child processes, a batch of
    /// <paramref name="batchSize"/> inputs each, so that an input that kills the process (a
    /// fatal .NET error, a stack overflow of the host) is found too: when a child dies
    /// without its report, every input of its batch is checked again in a child of its own,
    /// and each one whose child dies is a crash. The inputs are the same as
    /// <see cref="Run"/>'s for the same seed.
    /// </summary>
    public FuzzReport RunIsolated(long inputs, int batchSize, TimeSpan? deadline = null, TextWriter? progress = null)
    {
        var total = new FuzzReport();
        var clock = Stopwatch.StartNew();
        var lastProgress = clock.Elapsed;
        var dir = Directory.CreateTempSubdirectory("sentra-fuzz-");
        try
        {
            long done = 0;
            while (done < inputs && !(deadline is TimeSpan d && clock.Elapsed > d))
            {
                var batch = new List<(string, string, int)>();
                for (; batch.Count < batchSize && done + batch.Count < inputs;)
                    batch.Add(NextCheck());
                var r = RunChild(dir.FullName, batch, out string died);
                if (r is null)
                {
                    progress?.WriteLine($"a child died ({died}); checking its {batch.Count} inputs one by one");
                    foreach (var one in batch)
                    {
                        var single = RunChild(dir.FullName, [one], out string why);
                        if (single is null)
                        {
                            single = new FuzzReport { Inputs = 1 };
                            single.Failures.Add(($"tier {one.Item2}: process crash: {why}", one.Item1));
                            progress?.WriteLine($"process crash: {why}\n--- input:\n{one.Item1}\n---");
                        }
                        Add(total, single);
                    }
                }
                else Add(total, r);
                done += batch.Count;
                if (progress is not null && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(30))
                {
                    lastProgress = clock.Elapsed;
                    total.Elapsed = clock.Elapsed;
                    progress.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {total.Summary()}");
                    progress.Flush();
                }
            }
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
        total.Elapsed = clock.Elapsed;
        return total;
    }

    private static void Add(FuzzReport t, FuzzReport r)
    {
        t.Inputs += r.Inputs; t.SyntaxErrors += r.SyntaxErrors; t.RuntimeErrors += r.RuntimeErrors;
        t.LimitErrors += r.LimitErrors; t.CleanRuns += r.CleanRuns; t.SlowRuns += r.SlowRuns;
        t.DotnetJitSeconds += r.DotnetJitSeconds; t.CheckSeconds += r.CheckSeconds;
        t.Failures.AddRange(r.Failures);
    }

    /// <summary>Checks a batch in a child process; null (and why) when the child died without its report.</summary>
    private FuzzReport? RunChild(string dir, List<(string, string, int)> batch, out string died)
    {
        var input = Path.Combine(dir, "batch.txt");
        var output = Path.Combine(dir, "report.txt");
        File.Delete(output);
        WriteBatch(input, batch);
        var (file, args) = ChildCommand();
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var a in (string[])["fuzz-batch", input, output, "--steps", MaxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--timeout-ms", ((long)Timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)]) psi.ArgumentList.Add(a);
        foreach (var a in ChildArguments) psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        var stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        // the child's own watchdog reports a check that never returns; this bounds a child that cannot even do that
        var limit = TimeSpan.FromSeconds(60) + batch.Count * (3 * HangThreshold);
        if (!child.WaitForExit(limit))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            died = $"no exit after {limit.TotalSeconds:F0} s";
            return null;
        }
        if (child.ExitCode != 0 || !File.Exists(output))
        {
            var err = stderr.Result;
            died = $"exit code {child.ExitCode}: {(err.Length > 400 ? err[..400] : err).Trim()}";
            return null;
        }
        died = "";
        return ReadReport(output);
    }

    /// <summary>The next input: a mutated corpus script or generated program, or token soup.</summary>
    public string NextInput()
    {
        int what = _rng.Next(20);
        if (what == 0) return TokenSoup();
        string source = what < 15 || _corpus.Count == 0
            ? ProgramGenerator.Generate((int)(_generated++ & int.MaxValue)).Source
            : _corpus[_rng.Next(_corpus.Count)];
        if (what >= 5 && what < 15 && _corpus.Count > 0) source = _corpus[_rng.Next(_corpus.Count)];
        int rounds = 1 + _rng.Next(4);
        for (int r = 0; r < rounds; r++) source = _rng.Next(2) == 0 ? MutateBytes(source) : MutateTokens(source);
        return source;
    }

    /// <summary>Compiles, runs and calls one input, recording how it ended.</summary>
    public void Check(string input, string tier, int choice, FuzzReport report)
    {
        var elapsed = CheckOnce(input, tier, choice, report);
        if (elapsed <= HangThreshold) return;
        // a run that outlived its limits: a hang only if it does so again (a loaded machine can stall one run)
        report.SlowRuns++;
        var again = CheckOnce(input, tier, choice, new FuzzReport());
        if (again > HangThreshold)
            report.Failures.Add(($"tier {tier}: hang: {elapsed.TotalSeconds:F1} s and {again.TotalSeconds:F1} s with a {Timeout.TotalSeconds} s timeout", input));
    }

    /// <summary>How long a run may take before it counts as a hang: well past its timeout, which a loaded machine can overshoot.</summary>
    private TimeSpan HangThreshold => 5 * Timeout + TimeSpan.FromSeconds(10);

    private TimeSpan CheckOnce(string input, string tier, int choice, FuzzReport report)
    {
        var clock = Stopwatch.StartNew();
        string? failure = null;
        try
        {
            SentraScript script;
            try
            {
                script = SentraEngine.Compile(input, "fuzz.sn");
            }
            catch (SentraSyntaxException)
            {
                report.SyntaxErrors++;
                return clock.Elapsed;
            }
            using var engine = new SentraEngine(new EngineOptions
            {
                Tier = tier switch { "interp" => Tier.Interpreter, "jit" => Tier.Jit, "tiered" => Tier.Tiered, _ => Tier.DeoptStress },
                TierBackend = s_backends.GetValueOrDefault(tier),
                Output = new BoundedWriter(1 << 16),
                Limits = new ExecutionLimits { MaxSteps = MaxSteps, Timeout = Timeout },
                FlowExecutionContext = false,
                UseDedicatedThread = !DifferentialRunner.OnLargeStack,
            });
            try
            {
                if ((choice & 1) == 0) engine.Run(script);
                else engine.Run(input, "fuzz.sn");
                report.CleanRuns++;
            }
            catch (SentraRuntimeException) { report.RuntimeErrors++; }
            catch (SentraLimitException) { report.LimitErrors++; }
            // the engine API on what the script left behind: call a global function with a few arguments
            var names = script.Compiled.GlobalNames;
            if (names.Length > 0)
            {
                var f = engine.GetGlobal(names[(choice >> 1) % names.Length]);
                if (f.IsCallable)
                {
                    try
                    {
                        engine.Call(f, [.. Enumerable.Range(0, (choice >> 8) % 3).Select(k => k == 0 ? Value.FromInt(choice) : Value.FromString("a"))]);
                    }
                    catch (SentraException) { }
                }
            }
        }
        catch (SentraSyntaxException) { report.SyntaxErrors++; }
        catch (SentraException) { report.RuntimeErrors++; }
        catch (Exception e)
        {
            failure = $"tier {tier}: {e.GetType().FullName}: {e.Message}\n{e.StackTrace}";
        }
        if (failure is not null) report.Failures.Add((failure, input));
        return clock.Elapsed;
    }

    private string MutateBytes(string source)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(source));
        if (bytes.Count == 0) bytes.Add((byte)'x');
        int pos = _rng.Next(bytes.Count);
        switch (_rng.Next(8))
        {
            case 0: bytes[pos] ^= (byte)(1 << _rng.Next(8)); break;
            case 1: bytes[pos] = (byte)_rng.Next(256); break;
            case 2: bytes.Insert(pos, (byte)"{}()[]\"'`\\\n;,.=+-*/%!<>&|#:_0123456789e"[_rng.Next(38)]); break;
            case 3: bytes.RemoveRange(pos, Math.Min(bytes.Count - pos, 1 + _rng.Next(16))); break;
            case 4:
            {
                int len = Math.Min(bytes.Count - pos, 1 + _rng.Next(64));
                bytes.InsertRange(_rng.Next(bytes.Count), bytes.GetRange(pos, len));
                break;
            }
            case 5: bytes.RemoveRange(pos, bytes.Count - pos); break;
            case 6:
            {
                int other = _rng.Next(bytes.Count);
                (bytes[pos], bytes[other]) = (bytes[other], bytes[pos]);
                break;
            }
            default: bytes.InsertRange(pos, Encoding.UTF8.GetBytes(s_dictionary[_rng.Next(s_dictionary.Length)])); break;
        }
        // mostly UTF-8 (invalid sequences become U+FFFD), sometimes Latin-1 so every byte is a character
        return _rng.Next(8) == 0 ? Encoding.Latin1.GetString([.. bytes]) : Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex(@"\s+|//[^\n]*|""(?:\\.|[^""\\])*""|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|==|!=|<=|>=|&&|\|\||=>|.", RegexOptions.Singleline)]
    private static partial Regex TokenPattern();

    private static List<string> Tokens(string source) => [.. TokenPattern().Matches(source).Select(m => m.Value)];

    private string MutateTokens(string source)
    {
        var tokens = Tokens(source);
        if (tokens.Count == 0) tokens.Add("x");
        int pos = _rng.Next(tokens.Count);
        switch (_rng.Next(8))
        {
            case 0: tokens.RemoveAt(pos); break;
            case 1: tokens.Insert(pos, tokens[_rng.Next(tokens.Count)]); break;
            case 2:
            {
                int other = _rng.Next(tokens.Count);
                (tokens[pos], tokens[other]) = (tokens[other], tokens[pos]);
                break;
            }
            case 3: tokens[pos] = s_dictionary[_rng.Next(s_dictionary.Length)]; break;
            case 4: tokens.Insert(pos, " " + s_dictionary[_rng.Next(s_dictionary.Length)] + " "); break;
            case 5:
            {
                // splice a run of tokens from another script
                if (_corpus.Count == 0) break;
                var donor = Tokens(_corpus[_rng.Next(_corpus.Count)]);
                if (donor.Count == 0) break;
                int start = _rng.Next(donor.Count);
                tokens.InsertRange(pos, donor.GetRange(start, Math.Min(donor.Count - start, 1 + _rng.Next(40))));
                break;
            }
            case 6:
            {
                // repeat a short run many times: deep nesting, long chains
                int len = Math.Min(tokens.Count - pos, 1 + _rng.Next(4));
                var run = tokens.GetRange(pos, len);
                int times = _rng.Next(4) == 0 ? 300 + _rng.Next(400) : 2 + _rng.Next(30);
                for (int t = 0; t < times; t++) tokens.InsertRange(pos, run);
                break;
            }
            default:
            {
                // replace an identifier with another from the same script
                var idents = tokens.Where(t => t.Length > 0 && (char.IsLetter(t[0]) || t[0] == '_')).ToList();
                if (idents.Count > 0 && (char.IsLetter(tokens[pos][0]) || tokens[pos][0] == '_')) tokens[pos] = idents[_rng.Next(idents.Count)];
                break;
            }
        }
        return string.Concat(tokens);
    }

    private string TokenSoup()
    {
        var sb = new StringBuilder();
        int n = 1 + _rng.Next(60);
        for (int i = 0; i < n; i++) sb.Append(s_dictionary[_rng.Next(s_dictionary.Length)]).Append(_rng.Next(3) == 0 ? "\n" : " ");
        return sb.ToString();
    }
}
