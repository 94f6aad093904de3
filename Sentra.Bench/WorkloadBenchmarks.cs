using System.Text;
using BenchmarkDotNet.Attributes;
using Sentra.Hosting;

namespace Sentra.Bench;

/// <summary>
/// The workloads of <c>bench/workloads/*.sn</c> (the scripts <c>bench/compare.sh</c> also runs),
/// each compiled once in <see cref="Setup"/> and run whole per invocation, for every tier.
/// Each script checks its own result and prints one line; the benchmark additionally checks
/// that the line never changes between runs.
/// </summary>
[MemoryDiagnoser]
public class WorkloadBenchmarks
{
    private SentraScript _script = null!;
    private SentraEngine _engine = null!;
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private string _expected = "";

    /// <summary>The workload: a file name (without <c>.sn</c>) in <c>bench/workloads</c>.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "";

    /// <summary>The execution tier (see <see cref="BenchTiers"/>).</summary>
    [ParamsSource(nameof(Tiers))]
    public string Tier { get; set; } = "";

    public static IEnumerable<string> Workloads => BenchPaths.WorkloadNames();

    public static IEnumerable<string> Tiers => BenchTiers.Names;

    [GlobalSetup]
    public void Setup()
    {
        var path = BenchPaths.WorkloadFile(Workload);
        _script = SentraEngine.Compile(File.ReadAllText(path), path);
        _engine = BenchTiers.CreateEngine(Tier, _output);
        // A first run computes the expected line (the script throws if its result is wrong)
        // and warms the engine's caches before BenchmarkDotNet's own warm-up.
        _engine.Run(_script);
        _expected = TakeOutput();
        if (_expected.Length == 0) throw new InvalidOperationException($"{Workload}: the script printed nothing");
    }

    [Benchmark]
    public void Run()
    {
        _engine.Run(_script);
        var actual = TakeOutput();
        if (actual != _expected)
            throw new InvalidOperationException($"{Workload} on {Tier}: output changed from '{_expected}' to '{actual}'");
    }

    private string TakeOutput()
    {
        StringBuilder sb = _output.GetStringBuilder();
        var text = sb.ToString();
        sb.Clear();
        return text;
    }
}

/// <summary>
/// The tier dimension shared by the benchmark classes. Adding a tier is one more entry in
/// <see cref="Names"/> and one more case in <see cref="CreateEngine"/>.
/// </summary>
public static class BenchTiers
{
    public static readonly string[] Names = ["Interpreter", "Jit", "Tiered"];

    /// <summary>
    /// An engine of the given tier writing to <paramref name="output"/>. Scripts run on the
    /// calling thread (<see cref="EngineOptions.UseDedicatedThread"/> off) so that creating the
    /// large-stack thread is not measured; the workloads recurse at most a few dozen levels.
    /// </summary>
    public static SentraEngine CreateEngine(string tier, TextWriter output)
    {
        var t = tier switch
        {
            "Interpreter" => Hosting.Tier.Interpreter,
            "Jit" => Hosting.Tier.Jit,
            "Tiered" => Hosting.Tier.Tiered,
            _ => throw new ArgumentException($"unknown tier '{tier}'", nameof(tier)),
        };
        return new SentraEngine(new EngineOptions
        {
            Output = output,
            Tier = t,
            TierBackend = t == Hosting.Tier.Interpreter ? null : new Jit.Tiering.JitBackend(t),
            UseDedicatedThread = false,
        });
    }
}

/// <summary>Finds <c>bench/workloads</c>: the repository root is the first ancestor of the binary holding <c>SentraJit.sln</c>.</summary>
public static class BenchPaths
{
    private static string? _dir;

    public static string WorkloadDirectory => _dir ??= Find();

    public static IEnumerable<string> WorkloadNames() =>
        Directory.GetFiles(WorkloadDirectory, "*.sn")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static string WorkloadFile(string name) => Path.Combine(WorkloadDirectory, name + ".sn");

    /// <summary><c>bench/cliffs</c>, next to <c>bench/workloads</c>: the cliff finder's workloads.</summary>
    public static string CliffDirectory => Path.Combine(Path.GetDirectoryName(WorkloadDirectory)!, "cliffs");

    public static IEnumerable<string> CliffNames() =>
        Directory.GetFiles(CliffDirectory, "*.sn")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static string CliffFile(string name) => Path.Combine(CliffDirectory, name + ".sn");

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SentraJit.sln")))
                {
                    var workloads = Path.Combine(dir.FullName, "bench", "workloads");
                    if (Directory.Exists(workloads)) return workloads;
                }
            }
        }
        throw new DirectoryNotFoundException(
            $"bench/workloads not found above {AppContext.BaseDirectory} (looked for the directory holding SentraJit.sln)");
    }
}
