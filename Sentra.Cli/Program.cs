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
        var stdout = new StreamWriter(StandardStreams.Output(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
        var stderr = new StreamWriter(StandardStreams.Error(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        int code;
        try
        {
            code = Run(args, stdout, stderr);
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
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var fileArg = new Argument<string>("file") { Description = "The .sn script" };
        var tierOpt = new Option<string>("--tier")
        {
            Description = "Execution tier: interp (the bytecode interpreter), jit (compile every function at its first call), " +
                "tiered (compile hot functions and loops), stress (testing: jit with guards that fail on purpose)",
            DefaultValueFactory = _ => DefaultTier,
        };
        tierOpt.AcceptOnlyFromAmong("interp", "jit", "tiered", "stress");
        var thresholdOpt = new Option<int?>("--jit-threshold")
        {
            Description = "Calls before the tiered JIT compiles a function (default 500)",
        };
        var statsOpt = new Option<bool>("--stats")
        {
            Description = "After the run, print time, allocations and garbage collections (and what the JIT compiled, deoptimized or left interpreted) to standard error",
        };
        var dumpIlOpt = new Option<bool>("--dump-il")
        {
            Description = "Print the IL of each function the JIT compiles to standard error",
        };

        var run = new Command("run", "Run a script") { fileArg, tierOpt, thresholdOpt, statsOpt, dumpIlOpt };
        run.Aliases.Add("r");
        run.SetAction(pr => RunScript(pr.GetValue(fileArg)!, new RunSettings(pr.GetValue(tierOpt) ?? DefaultTier, pr.GetValue(thresholdOpt), pr.GetValue(statsOpt), pr.GetValue(dumpIlOpt)), stdout, stderr));

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

    private static string? ReadSource(string file, TextWriter stderr)
    {
        try
        {
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
    private sealed record RunSettings(string Tier, int? JitThreshold, bool Stats, bool DumpIL);

    private static int RunScript(string file, RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var source = ReadSource(file, stderr);
        if (source is null) return 2;
        bool stats = settings.Stats;
        if (!stats) return Execute(file, source, settings, stdout, stderr);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        int code = Execute(file, source, settings, stdout, stderr);
        clock.Stop();
        stdout.Flush();
        stderr.WriteLine($"[stats] compile + run {clock.Elapsed.TotalMilliseconds:F1} ms, allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1024.0 / 1024.0:F1} MB, " +
            $"GCs gen0 {GC.CollectionCount(0) - g0} gen1 {GC.CollectionCount(1) - g1} gen2 {GC.CollectionCount(2) - g2}, GC pause {GC.GetTotalPauseDuration().TotalMilliseconds:F1} ms, " +
            $"process {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms");
        return code;
    }

    private static int Execute(string file, string source, RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var tier = settings.Tier switch
        {
            "jit" => Tier.Jit,
            "tiered" => Tier.Tiered,
            "stress" => Tier.DeoptStress,
            _ => Tier.Interpreter,
        };
        // Sentra.Jit is loaded only for a compiling tier (JitSupport)
        var backend = tier == Tier.Interpreter ? null : JitSupport.CreateBackend(tier, settings.JitThreshold, settings.DumpIL ? stderr : null);
        var engine = new SentraEngine(new EngineOptions
        {
            Tier = tier,
            TierBackend = backend,
            Output = stdout,
            ModuleResolver = new FileModuleResolver(file),
            AllowFileAccess = true,
            // the CLI has no AsyncLocal values for host code to see, so it does not pay for
            // capturing them (the JIT's load at start-up; EngineOptions.FlowExecutionContext)
            FlowExecutionContext = false,
        });
        try
        {
            engine.Run(SentraEngine.Compile(source, file));
            return 0;
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
