// The memory stress test: several threads each compile and run generated programs in a
// loop, every run on a new engine of one of the four tiers, with one backend per compiling
// tier shared by all threads (as a host shares one). Every interval the managed heap after a
// full collection and the process working set are sampled; a heap that keeps growing means
// compiled code, records or pooled execution contexts are kept past their scripts.
using System.Diagnostics;
using System.Text;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Tiering;

namespace Sentra.Fuzz;

/// <summary>Runs many engines in parallel and samples memory over time (see the file header).</summary>
public static class EngineStress
{
    /// <summary>One memory sample.</summary>
    public readonly record struct Sample(TimeSpan At, long Runs, long HeapBytes, long WorkingSetBytes);

    /// <summary>The samples of a stress run, printed as a table with a verdict.</summary>
    public sealed record Report(IReadOnlyList<Sample> Samples, long Runs, long Errors)
    {
        /// <summary>Heap growth from the first sample after warm-up to the last, in bytes.</summary>
        public long HeapGrowth => Samples.Count < 2 ? 0 : Samples[^1].HeapBytes - Samples[Math.Min(1, Samples.Count - 1)].HeapBytes;

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append("time      runs      heap MB  working set MB\n");
            foreach (var s in Samples)
                sb.Append($"{s.At:hh\\:mm\\:ss}  {s.Runs,8}  {s.HeapBytes / 1e6,8:F1}  {s.WorkingSetBytes / 1e6,8:F1}\n");
            sb.Append($"{Runs} runs ({Errors} ended in a Sentra error); heap growth after warm-up: {HeapGrowth / 1e6:F1} MB");
            return sb.ToString();
        }
    }

    /// <summary>Runs <paramref name="threads"/> threads for <paramref name="duration"/>, sampling every <paramref name="interval"/>.</summary>
    public static Report Run(int threads, TimeSpan duration, TimeSpan interval, TextWriter? progress = null)
    {
        var backends = new Dictionary<Tier, JitBackend>
        {
            [Tier.Jit] = new JitBackend(Tier.Jit),
            [Tier.Tiered] = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = 2 }),
            [Tier.DeoptStress] = new JitBackend(Tier.DeoptStress),
        };
        Tier[] tiers = [Tier.Interpreter, Tier.Jit, Tier.Tiered, Tier.DeoptStress];
        long runs = 0, errors = 0, nextSeed = 0;
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                long seed = Interlocked.Increment(ref nextSeed);
                var tier = tiers[seed % tiers.Length];
                try
                {
                    // compile/run cycles: a fresh script and a fresh engine every time
                    var script = SentraEngine.Compile(ProgramGenerator.Generate((int)(seed % int.MaxValue)).Source, "stress.sn");
                    using var engine = new SentraEngine(new EngineOptions
                    {
                        Tier = tier,
                        TierBackend = backends.GetValueOrDefault(tier),
                        Output = TextWriter.Null,
                        Limits = new ExecutionLimits { MaxSteps = 5_000_000, Timeout = TimeSpan.FromSeconds(20) },
                        FlowExecutionContext = false,
                    });
                    engine.Run(script);
                }
                catch (SentraException)
                {
                    Interlocked.Increment(ref errors);
                }
                Interlocked.Increment(ref runs);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            var sample = new Sample(clock.Elapsed, Interlocked.Read(ref runs), GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
            samples.Add(sample);
            progress?.WriteLine($"[{sample.At:hh\\:mm\\:ss}] {sample.Runs} runs, heap {sample.HeapBytes / 1e6:F1} MB, working set {sample.WorkingSetBytes / 1e6:F1} MB");
            stop.Token.WaitHandle.WaitOne(interval);
        }
        Task.WaitAll(workers);
        samples.Add(new Sample(clock.Elapsed, runs, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
        return new Report(samples, runs, errors);
    }
}
