using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Sentra.Hosting;

namespace Sentra.Bench;

/// <summary>
/// The cliff finder's workloads (<c>bench/cliffs/*.sn</c>, which <c>bench/cliffs.py</c> also
/// runs against CPython and Node) at size n and at size 4n: each script's <c>let N = ...</c>
/// line is multiplied by <see cref="Scale"/>. Linear work takes about 4x as long at scale 4;
/// a cliff (quadratic work) about 16x. Compiled once per parameter set, run whole per
/// invocation, the printed line checked against a first run.
/// </summary>
[MemoryDiagnoser]
public partial class CliffBenchmarks
{
    private SentraScript _script = null!;
    private SentraEngine _engine = null!;
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private string _expected = "";

    /// <summary>The workload: a file name (without <c>.sn</c>) in <c>bench/cliffs</c>.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "";

    /// <summary>The factor applied to the workload's size N.</summary>
    [Params(1, 4)]
    public int Scale { get; set; }

    /// <summary>The execution tier (see <see cref="BenchTiers"/>).</summary>
    [ParamsSource(nameof(Tiers))]
    public string Tier { get; set; } = "";

    public static IEnumerable<string> Workloads => BenchPaths.CliffNames();

    public static IEnumerable<string> Tiers => BenchTiers.Names;

    [GeneratedRegex(@"^let N = (\d+)$", RegexOptions.Multiline)]
    private static partial Regex SizeLine();

    /// <summary>The workload's source with its size multiplied by <paramref name="scale"/>.</summary>
    public static string ScaledSource(string name, int scale)
    {
        var path = BenchPaths.CliffFile(name);
        var source = File.ReadAllText(path);
        if (!SizeLine().IsMatch(source)) throw new InvalidOperationException($"{path}: no 'let N = <number>' line");
        return SizeLine().Replace(source, m => $"let N = {long.Parse(m.Groups[1].Value) * scale}", 1);
    }

    [GlobalSetup]
    public void Setup()
    {
        _script = SentraEngine.Compile(ScaledSource(Workload, Scale), Workload + ".sn");
        _engine = BenchTiers.CreateEngine(Tier, _output);
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
            throw new InvalidOperationException($"{Workload} x{Scale} on {Tier}: output changed from '{_expected}' to '{actual}'");
    }

    private string TakeOutput()
    {
        StringBuilder sb = _output.GetStringBuilder();
        var text = sb.ToString();
        sb.Clear();
        return text;
    }
}
