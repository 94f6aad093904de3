// Runs one program on every tier and compares what each tier did: the printed output, how
// the run ended (clean, Sentra runtime error with its message and Sentra stack, limit, or a
// raw .NET exception) are one string per tier, and any two that differ are a divergence. A
// raw .NET exception is a failure even when every tier agrees on it.
//
// Each tier compiles the source itself, so no tier sees another's type feedback or
// compiled code and a result never depends on the order the tiers ran in. The compiling
// tiers use one backend each for the runner's lifetime, as a host would; the tiered one
// compiles after 2 calls so short programs tier up.
//
// Where the time goes (the runner keeps it per tier, see TimeReport): almost all of it is
// the .NET JIT compiling the IL that Sentra's JIT emits, once per function and compiling
// tier of every new program; running the programs is a few milliseconds. So the runner
// saves what it can around that (no thread started per run when it runs on a worker thread
// with a large stack, see OnWorkerThread) and the campaign scales by running programs on
// several worker threads, each with its own runner.
using System.Text;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Tiering;

namespace Sentra.Fuzz;

/// <summary>How one tier ran a program.</summary>
public sealed record TierRun(string Tier, string Output, string Ending)
{
    /// <summary>True when the run ended in a .NET exception that is not a Sentra error.</summary>
    public bool Crashed => Ending.StartsWith("crash:", StringComparison.Ordinal);

    /// <summary>True when a limit (steps, timeout) ended the run.</summary>
    public bool HitLimit => Ending.StartsWith("limit:", StringComparison.Ordinal);

    /// <summary>Output and ending, the text compared across tiers.</summary>
    public string Observable => Output + "\n== " + Ending;
}

/// <summary>The runs of one program on every tier.</summary>
public sealed record DiffResult(IReadOnlyList<TierRun> Runs)
{
    /// <summary>The tiers whose observable behaviour differs from the interpreter's (the reference).</summary>
    public IReadOnlyList<string> Diverging =>
        [.. Runs.Skip(1).Where(r => r.Observable != Runs[0].Observable).Select(r => r.Tier)];

    public bool Crashed => Runs.Any(r => r.Crashed);

    /// <summary>A divergence or a crash: what the runner reports and reduces.</summary>
    public bool Failed => Crashed || Diverging.Count > 0;

    /// <summary>What kind of failure, so the reducer keeps the same one: the diverging tiers, or the crashing ones.</summary>
    public string Signature => Crashed
        ? "crash " + string.Join(",", Runs.Where(r => r.Crashed).Select(r => r.Tier))
        : "diverge " + string.Join(",", Diverging);
}

/// <summary>Runs programs on interp, jit, tiered and stress and compares them (see the file header).</summary>
public sealed class DifferentialRunner
{
    /// <summary>The tiers compared; the first is the reference.</summary>
    public static readonly string[] TierNames = ["interp", "jit", "tiered", "stress"];

    private readonly Dictionary<string, JitBackend> _backends = new()
    {
        ["jit"] = new JitBackend(Tier.Jit),
        ["tiered"] = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = 2 }),
        ["stress"] = new JitBackend(Tier.DeoptStress),
    };

    /// <summary>Step budget of one run: generated programs take well under a tenth of it.</summary>
    public long MaxSteps { get; init; } = 5_000_000;

    /// <summary>Wall-clock limit of one run (generous: the machine may be loaded).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Stack size of a worker thread: the engine's own default for its dedicated thread (a run at the 10,000-frame limit needs it).</summary>
    public const int WorkerStackSize = 256 * 1024 * 1024;

    [ThreadStatic] private static bool t_largeStack;

    /// <summary>
    /// Starts <paramref name="body"/> on a thread with a large stack on which engines run
    /// scripts directly, instead of starting a thread of their own for every run.
    /// </summary>
    public static Thread OnWorkerThread(Action body, string name)
    {
        var thread = new Thread(() =>
        {
            t_largeStack = true;
            body();
        }, WorkerStackSize) { Name = name, IsBackground = true };
        thread.UnsafeStart();
        return thread;
    }

    /// <summary>Whether engines created on this thread may run on it (it is a worker with a large stack).</summary>
    internal static bool OnLargeStack => t_largeStack;

    private readonly Dictionary<string, (long Runs, double Ms, double DotnetJitMs)> _times = [];

    /// <summary>Runs, wall-clock time and .NET JIT time spent on each tier so far (the JIT time only when running on a worker thread, where it can be attributed).</summary>
    public IReadOnlyDictionary<string, (long Runs, double Ms, double DotnetJitMs)> Times => _times;

    /// <summary>Where the time of the runs went, per tier: a line per tier.</summary>
    public static string TimeReport(IEnumerable<DifferentialRunner> runners)
    {
        var sb = new StringBuilder();
        foreach (var tier in TierNames)
        {
            long runs = 0;
            double ms = 0, jit = 0;
            foreach (var r in runners)
                if (r._times.TryGetValue(tier, out var t)) { runs += t.Runs; ms += t.Ms; jit += t.DotnetJitMs; }
            if (runs == 0) continue;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {tier,-7} {ms / runs,7:F1} ms a run, of which {jit / runs,6:F1} ms in the .NET JIT\n");
        }
        return sb.ToString();
    }

    /// <summary>The compiling backends' reports (functions compiled, deopts, functions left interpreted).</summary>
    public string JitReport() => string.Concat(_backends.Values.Select(b => b.Report()));

    /// <summary>Runs a program on every tier.</summary>
    public DiffResult Run(string source) => new([.. TierNames.Select(t => RunOn(t, source))]);

    /// <summary>Runs a program on one tier.</summary>
    public TierRun RunOn(string tier, string source)
    {
        var output = new BoundedWriter(1 << 20);
        string ending;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        try
        {
            var script = SentraEngine.Compile(source, "gen.sn");
            using var engine = new SentraEngine(new EngineOptions
            {
                Tier = tier switch { "interp" => Tier.Interpreter, "jit" => Tier.Jit, "tiered" => Tier.Tiered, _ => Tier.DeoptStress },
                TierBackend = _backends.GetValueOrDefault(tier),
                Output = output,
                Limits = new ExecutionLimits { MaxSteps = MaxSteps, Timeout = Timeout },
                FlowExecutionContext = false,
                UseDedicatedThread = !OnLargeStack,
            });
            engine.Run(script);
            ending = "ok";
        }
        catch (SentraSyntaxException e)
        {
            ending = "syntax: " + e.Message;
        }
        catch (SentraRuntimeException e)
        {
            ending = e.Render();
        }
        catch (SentraLimitException e)
        {
            ending = "limit: " + e.Message;
        }
        catch (Exception e)
        {
            ending = "crash: " + e.GetType().FullName + ": " + e.Message + "\n" + e.StackTrace;
        }
        var spent = _times.GetValueOrDefault(tier);
        _times[tier] = (spent.Runs + 1, spent.Ms + System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            spent.DotnetJitMs + (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jitBefore).TotalMilliseconds);
        return new TierRun(tier, output.ToString(), ending);
    }

    /// <summary>A report of a failing program: each tier's ending and the first line where outputs differ.</summary>
    public static string Describe(DiffResult r)
    {
        var sb = new StringBuilder();
        sb.Append(r.Signature).Append('\n');
        var reference = r.Runs[0].Observable.Split('\n');
        foreach (var run in r.Runs)
        {
            var lines = run.Observable.Split('\n');
            int i = 0;
            while (i < lines.Length && i < reference.Length && lines[i] == reference[i]) i++;
            sb.Append($"  {run.Tier}: ");
            if (i == lines.Length && i == reference.Length) sb.Append("same as interp\n");
            else sb.Append($"line {i + 1}: {(i < lines.Length ? lines[i] : "<end>")} (interp: {(i < reference.Length ? reference[i] : "<end>")})\n");
        }
        return sb.ToString();
    }
}

/// <summary>A StringWriter that keeps at most a fixed number of characters (a runaway program cannot exhaust memory through its output).</summary>
internal sealed class BoundedWriter(int capacity) : StringWriter
{
    public override void Write(char value)
    {
        if (GetStringBuilder().Length < capacity) base.Write(value);
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        var sb = GetStringBuilder();
        if (sb.Length + value.Length <= capacity) sb.Append(value);
        else if (sb.Length < capacity) sb.Append(value, 0, capacity - sb.Length);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(buffer.ToString());
}
