// Runs one program on every tier and compares what each tier did: the printed output, how
// the run ended (clean, Sentra runtime error with its message and Sentra stack, limit, or a
// raw .NET exception) are one string per tier, and any two that differ are a divergence. A
// raw .NET exception is a failure even when every tier agrees on it.
//
// Each tier compiles the source itself, so no tier sees another's type feedback or
// compiled code and a result never depends on the order the tiers ran in. The compiling
// tiers use one backend each for the runner's lifetime, as a host would; the tiered one
// compiles after 2 calls so short programs tier up.
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

    /// <summary>The compiling backends' reports (functions compiled, deopts, functions left interpreted).</summary>
    public string JitReport() => string.Concat(_backends.Values.Select(b => b.Report()));

    /// <summary>Runs a program on every tier.</summary>
    public DiffResult Run(string source) => new([.. TierNames.Select(t => RunOn(t, source))]);

    /// <summary>Runs a program on one tier.</summary>
    public TierRun RunOn(string tier, string source)
    {
        var output = new BoundedWriter(1 << 20);
        string ending;
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
