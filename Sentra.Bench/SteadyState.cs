using System.Diagnostics;
using Sentra.Hosting;

namespace Sentra.Bench;

/// <summary>
/// A quick in-process steady-state check (<c>-- --steady [--tier Interpreter|Jit|Tiered]
/// [NAME...]</c>): each workload runs 8 times on fresh engines of the tier in this process
/// (one JIT backend for all of them, as a host would keep it) and the first run, the median
/// and the minimum of runs 3-8 are printed. Faster to turn around than BenchmarkDotNet and used for A/B
/// comparisons of two builds (run both several times, alternating, and compare minimums);
/// BenchmarkDotNet's WorkloadBenchmarks are the reference numbers.
/// </summary>
public static class SteadyState
{
    public static void Run(IEnumerable<string> names)
    {
        var list = names.ToList();
        string tier = "Interpreter";
        int at = list.IndexOf("--tier");
        if (at >= 0 && at + 1 < list.Count)
        {
            tier = list[at + 1];
            list.RemoveRange(at, 2);
        }
        var backend = tier == "Interpreter" ? null : new Jit.Tiering.JitBackend(tier == "Jit" ? Tier.Jit : Tier.Tiered);
        if (list.Count == 0) list = BenchPaths.WorkloadNames().ToList();
        foreach (var name in list)
        {
            var script = SentraEngine.Compile(File.ReadAllText(BenchPaths.WorkloadFile(name)), name + ".sn");
            var times = new List<double>();
            for (int i = 0; i < 8; i++)
            {
                using var engine = new SentraEngine(new EngineOptions
                {
                    Output = TextWriter.Null,
                    Tier = backend?.Tier ?? Tier.Interpreter,
                    TierBackend = backend,
                });
                var sw = Stopwatch.StartNew();
                engine.Run(script);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            var steady = times.Skip(2).Order().ToList();
            Console.WriteLine($"{name,-14} first {times[0],7:F1} ms  median {steady[steady.Count / 2],7:F1} ms  min {steady[0],7:F1} ms");
        }
    }
}
