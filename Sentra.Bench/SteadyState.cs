using System.Diagnostics;
using Sentra.Hosting;

namespace Sentra.Bench;

/// <summary>
/// A quick in-process steady-state check (<c>-- --steady [NAME...]</c>): each workload runs
/// 8 times on fresh engines in this process and the first run, the median and the minimum
/// of runs 3-8 are printed. Faster to turn around than BenchmarkDotNet and used for A/B
/// comparisons of two builds (run both several times, alternating, and compare minimums);
/// BenchmarkDotNet's WorkloadBenchmarks are the reference numbers.
/// </summary>
public static class SteadyState
{
    public static void Run(IEnumerable<string> names)
    {
        var list = names.ToList();
        if (list.Count == 0) list = BenchPaths.WorkloadNames().ToList();
        foreach (var name in list)
        {
            var script = SentraEngine.Compile(File.ReadAllText(BenchPaths.WorkloadFile(name)), name + ".sn");
            var times = new List<double>();
            for (int i = 0; i < 8; i++)
            {
                using var engine = new SentraEngine(new EngineOptions { Output = TextWriter.Null });
                var sw = Stopwatch.StartNew();
                engine.Run(script);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            var steady = times.Skip(2).Order().ToList();
            Console.WriteLine($"{name,-14} first {times[0],7:F1} ms  median {steady[steady.Count / 2],7:F1} ms  min {steady[0],7:F1} ms");
        }
    }
}
