using System.CommandLine;
using System.Text;
using Sentra;
using Sentra.Execution;
using Sentra.Hosting;

namespace Sentra.Cli;

/// <summary>The <c>sentra</c> command: run, check, disasm (exit codes: 0 ok, 1 script error, 2 usage).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Libc.Register();
        HugePages.AdviseGcHeap();
        var stop = new RunStop();
        var stdout = new StreamWriter(StandardStreams.Output(stop.OutputClosed), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
        var stderr = new StreamWriter(StandardStreams.Error(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        int code;
        try
        {
            code = Run(args, stdout, stderr, stop);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // file builtins turn their own I/O errors into Sentra errors, so this is output
            // failing; Report says so itself when it is standard output
            if (Report(stdout, stderr, null)) Report(stdout, stderr, $"sentra: cannot write output: {e.Message}");
            return ProcessEnd.Now(1);
        }
        catch (Exception e)
        {
            // last resort: never show a .NET stack trace to a script author
            Report(stdout, stderr, $"sentra: internal error: {e.Message}");
            return ProcessEnd.Now(1);
        }
        // everything is written (or reported as unwritable): nothing is left for .NET's shutdown
        return ProcessEnd.Now(Report(stdout, stderr, null) ? code : Math.Max(code, 1));
    }

    /// <summary>
    /// Flushes standard output, then writes <paramref name="message"/> (if any) to standard
    /// error. An output that cannot be written (closed, full disk) is reported on standard
    /// error instead of ending the process with an unhandled exception; false then.
    /// </summary>
    internal static bool Report(TextWriter stdout, TextWriter stderr, string? message)
    {
        bool flushed = true;
        try
        {
            stdout.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            flushed = false;
            message = $"sentra: cannot write standard output: {e.Message}" + (message is null ? "" : "\n" + message);
        }
        try
        {
            if (message is not null) stderr.WriteLine(message);
            stderr.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // standard error is gone too: the exit code is all that is left
        }
        return flushed;
    }

    /// <summary>Runs the CLI with the given writers (also used by tests in-process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <summary>Runs the CLI; <paramref name="stop"/> (the process's own, in Main) stops a script from outside.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, RunStop? stop)
    {
        // sentra alone on a terminal starts a session
        if (args.Length == 0 && !Console.IsInputRedirected) args = ["repl"];
        // what people type first for usage
        if (args is ["help"]) args = ["--help"];
        var fileArg = new Argument<string>("file") { Description = "The .sn script, or - to read it from standard input" };
        var scriptArgs = new Argument<string[]>("args")
        {
            Description = "Arguments for the script (os.args()); put -- before any that start with -",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var tierOpt = new Option<string>("--tier")
        {
            Description = "Execution tier: interp (the bytecode interpreter), jit (compile every function at its first call, top-level code for its loops), " +
                "tiered (compile hot functions and loops), stress (testing: jit with guards that fail on purpose)",
            DefaultValueFactory = _ => DefaultTier,
        };
        tierOpt.AcceptOnlyFromAmong("interp", "jit", "tiered", "stress");
        var thresholdOpt = new Option<int?>("--jit-threshold")
        {
            Description = "Under --tier tiered, compile a function after N calls and a running loop at its first check " +
                "(default: once the time spent interpreting it pays for compiling it)",
        };
        var statsOpt = new Option<bool>("--stats")
        {
            Description = "After the run, print time, allocations and garbage collections (and what the JIT compiled, deoptimized or left interpreted) to standard error",
        };
        var backgroundOpt = new Option<bool>("--jit-background")
        {
            Description = "Under --tier tiered, compile on a background thread while the interpreter goes on (off by default: on a busy 2-core machine it measured slower)",
        };
        var dumpIlOpt = new Option<bool>("--dump-il")
        {
            Description = "Print the IL of each function the JIT compiles to standard error",
        };

        var timeoutOpt = LimitOption("--timeout", "MS", "Stop the script after MS milliseconds (compilation included)");
        var maxStepsOpt = LimitOption("--max-steps", "N", "Stop the script after N steps (loop iterations plus calls)");
        var maxMemoryOpt = LimitOption("--max-memory", "MB", "Stop the script when the memory it holds passes MB megabytes");
        var maxDepthOpt = LimitOption("--max-depth", "N", $"Deepest nesting of calls, at most {Runtime.Limits.MaxCallDepth} (deeper raises 'stack overflow')",
            max: Runtime.Limits.MaxCallDepth);

        var run = new Command("run", "Run a script") { fileArg, scriptArgs, tierOpt, thresholdOpt, backgroundOpt, statsOpt, dumpIlOpt, timeoutOpt, maxStepsOpt, maxMemoryOpt, maxDepthOpt };
        run.Aliases.Add("r");
        run.SetAction(pr =>
        {
            var limits = new CliLimits(Positive(pr.GetValue(timeoutOpt)), Positive(pr.GetValue(maxStepsOpt)),
                Positive(pr.GetValue(maxMemoryOpt)), (int?)Positive(pr.GetValue(maxDepthOpt)));
            var settings = new RunSettings(pr.GetValue(tierOpt) ?? DefaultTier, pr.GetValue(thresholdOpt), pr.GetValue(statsOpt), pr.GetValue(dumpIlOpt))
            {
                ScriptArguments = pr.GetValue(scriptArgs) ?? [],
                BackgroundCompilation = pr.GetValue(backgroundOpt),
            };
            return RunScript(pr.GetValue(fileArg)!, settings, limits, stop, stdout, stderr);
        });

        var checkFile = new Argument<string>("file") { Description = "The .sn script" };
        var check = new Command("check", "Parse and compile a script without running it") { checkFile };
        check.SetAction(pr => Check(pr.GetValue(checkFile)!, stdout, stderr));

        var disFile = new Argument<string>("file") { Description = "The .sn script" };
        var disasm = new Command("disasm", "Print the bytecode of a script with line numbers") { disFile };
        disasm.SetAction(pr => Disasm(pr.GetValue(disFile)!, stdout, stderr));

        const string description = "Sentra: a fast, embeddable, safe Sentra runtime for .NET";
        Command root = UsesRootFeatures(args) ? new RootCommand(description) : new Command("sentra", description);
        root.Add(run);
        root.Add(check);
        root.Add(disasm);
        root.Add(ReplCommand.Create(stdout, stderr));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine("error: " + e.Message);
            stderr.WriteLine("Run 'sentra --help' for usage.");
            return 2;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return parse.Invoke(config);
    }

    /// <summary>
    /// Whether the command line can use what <see cref="RootCommand"/> adds: <c>--help</c>,
    /// <c>--version</c>, directives such as <c>[suggest]</c>, and response files that may hold
    /// any of them. The help and version options' descriptions load System.CommandLine's
    /// resources (a ResourceManager) when they are created: about 5 ms of every start, 8% of a
    /// hello world (docs/performance.md, "Start-up"). A plain run never shows them, so it
    /// gets a root without them; parsing, errors and usage messages are the same.
    /// </summary>
    internal static bool UsesRootFeatures(string[] args) =>
        Array.Exists(args, a => a is "--help" or "-h" or "/h" or "-?" or "/?" or "--version" || a.StartsWith('@') || a.StartsWith('['));

    /// <summary>The file name of a script read from standard input (<c>sentra run -</c>).</summary>
    internal const string StdinName = "<stdin>";

    private static string? ReadSource(string file, TextWriter stderr)
    {
        try
        {
            if (file == "-")
            {
                using var reader = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
                return reader.ReadToEnd();
            }
            return RawFile.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"error: cannot read '{file}': {e.Message}");
            return null;
        }
    }

    /// <summary>The tier of <c>sentra run</c> without <c>--tier</c>.</summary>
    internal const string DefaultTier = "interp";

    /// <summary>The options of <c>sentra run</c> that shape the engine.</summary>
    private sealed record RunSettings(string Tier, int? JitThreshold, bool Stats, bool DumpIL)
    {
        /// <summary>The arguments after the script, for os.args().</summary>
        public IReadOnlyList<string> ScriptArguments { get; init; } = [];
        /// <summary>--jit-background: the tiered JIT compiles on a background thread.</summary>
        public bool BackgroundCompilation { get; init; }
    }

    /// <summary>
    /// An option of <c>run</c> that takes a positive whole number, at most <paramref name="max"/>
    /// (absent by default). Its value is kept as text, read by <see cref="Positive"/>: an
    /// <c>Option&lt;string&gt;</c> is already used by the CLI, where an option of a nullable
    /// number would be one more generic instantiation to compile at every start.
    /// </summary>
    private static Option<string> LimitOption(string name, string valueName, string description, long max = long.MaxValue)
    {
        var option = new Option<string>(name) { Description = description, HelpName = valueName };
        option.Validators.Add(r =>
        {
            string? text = r.GetValueOrDefault<string>();
            if (Positive(text) is not long value) r.AddError($"{name} must be a positive number, not '{text}'");
            else if (value > max) r.AddError($"{name} must be at most {max}");
        });
        return option;
    }

    /// <summary>The positive whole number <paramref name="text"/> holds, or null.</summary>
    private static long? Positive(string? text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value) && value > 0 ? value : null;

    /// <summary>The limits given to <c>run</c> (null: none).</summary>
    private sealed record CliLimits(long? TimeoutMs, long? MaxSteps, long? MaxMemoryMb, int? MaxDepth)
    {
        public ExecutionLimits ToLimits(CancellationToken token) => new()
        {
            Timeout = TimeoutMs is long ms ? (ms >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(ms)) : null,
            MaxSteps = MaxSteps,
            MaxMemory = MaxMemoryMb is long mb ? (mb > long.MaxValue / (1024 * 1024) ? long.MaxValue : mb * 1024 * 1024) : null,
            MaxCallDepth = MaxDepth ?? Runtime.Limits.MaxCallDepth,
            CancellationToken = token,
        };

        /// <summary>The option that set the limit a run reached, to name it after the error (null when none did).</summary>
        public string? OptionFor(LimitKind kind) => kind switch
        {
            LimitKind.Timeout when TimeoutMs is long ms => $"--timeout {ms}",
            LimitKind.StepBudget when MaxSteps is long n => $"--max-steps {n}",
            LimitKind.MemoryBudget when MaxMemoryMb is long mb => $"--max-memory {mb}",
            _ => null,
        };
    }

    private static int RunScript(string file, RunSettings settings, CliLimits limits, RunStop? stop, TextWriter stdout, TextWriter stderr)
    {
        var source = ReadSource(file, stderr);
        if (source is null) return 2;
        if (!settings.Stats) return Execute(file, source, settings, limits, stop, stdout, stderr);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        // the .NET JIT's work during the run (compiled Sentra functions are DynamicMethods it
        // compiles at their first call, and methods not precompiled or promoted to tier 1)
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        int code = Execute(file, source, settings, limits, stop, stdout, stderr);
        clock.Stop();
        stdout.Flush();
        stderr.WriteLine($"[stats] compile + run {clock.Elapsed.TotalMilliseconds:F1} ms, allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1024.0 / 1024.0:F1} MB, " +
            $"GCs gen0 {GC.CollectionCount(0) - g0} gen1 {GC.CollectionCount(1) - g1} gen2 {GC.CollectionCount(2) - g2}, GC pause {GC.GetTotalPauseDuration().TotalMilliseconds:F1} ms, " +
            $".NET JIT {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F1} ms ({System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods} methods), " +
            $"process {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms");
        return code;
    }

    private static int Execute(string file, string source, RunSettings settings, CliLimits limits, RunStop? stop, TextWriter stdout, TextWriter stderr)
    {
        var tier = settings.Tier switch
        {
            "jit" => Tier.Jit,
            "tiered" => Tier.Tiered,
            "stress" => Tier.DeoptStress,
            _ => Tier.Interpreter,
        };
        // Sentra.Jit is loaded only for a compiling tier (JitSupport)
        var backend = tier == Tier.Interpreter ? null : JitSupport.CreateBackend(tier, settings.JitThreshold, settings.DumpIL ? stderr : null, settings.BackgroundCompilation);
        var engine = new SentraEngine(new EngineOptions
        {
            Tier = tier,
            TierBackend = backend,
            Output = stdout,
            Limits = limits.ToLimits(stop?.Token ?? default),
            // a script from standard input imports relative to the current directory
            ModuleResolver = new FileModuleResolver(file == "-" ? null : file),
            AllowFileAccess = true,
            AllowEnvironment = true,
            ScriptArguments = settings.ScriptArguments,
            // the CLI has no AsyncLocal values for host code to see, so it does not pay for
            // capturing them (the JIT's load at start-up; EngineOptions.FlowExecutionContext)
            FlowExecutionContext = false,
        });
        stop?.HandleSignals();
        try
        {
            engine.Run(source, file == "-" ? StdinName : file); // the timeout counts from before compiling
            return 0;
        }
        catch (SentraExitException e)
        {
            return e.Code;
        }
        catch (SentraLimitException) when (stop is { ExitStatus: > 0 })
        {
            // a closed output pipe or a signal stopped the script: quietly, with the status
            // a shell reports for a process that signal ended
            return stop.ExitStatus;
        }
        catch (SentraLimitException e)
        {
            stdout.Flush();
            stderr.WriteLine(limits.OptionFor(e.Kind) is { } option ? $"{e.Render()} ({option})" : e.Render());
            return 1;
        }
        catch (SentraException e)
        {
            stdout.Flush();
            stderr.WriteLine(e.Render());
            return 1;
        }
        finally
        {
            if (settings.Stats && backend is not null)
            {
                stdout.Flush();
                stderr.Write(JitSupport.Report(backend));
            }
        }
    }

    private static int Check(string file, TextWriter stdout, TextWriter stderr)
    {
        var source = ReadSource(file, stderr);
        if (source is null) return 2;
        try
        {
            SentraEngine.Compile(source, file);
            stdout.WriteLine($"{file}: ok");
            return 0;
        }
        catch (SentraException e)
        {
            stderr.WriteLine(e.Render());
            return 1;
        }
    }

    private static int Disasm(string file, TextWriter stdout, TextWriter stderr)
    {
        var source = ReadSource(file, stderr);
        if (source is null) return 2;
        try
        {
            stdout.Write(SentraEngine.Compile(source, file).Disassemble());
            return 0;
        }
        catch (SentraException e)
        {
            stderr.WriteLine(e.Render());
            return 1;
        }
    }
}
