using System.Diagnostics;
using Sentra.Execution;
using Sentra.Hosting;
using Xunit;

namespace Sentra.Tests.Fuzz;

/// <summary>Engine failures the fuzzers found, each pinned by the smallest host-side reproduction.</summary>
public sealed class FuzzFindingsTests
{
    [Fact]
    public void SleepEndsAtTheTimeout()
    {
        // sleep(ms) blocked for the whole ms, past the run's timeout (the source fuzzer's first hang)
        using var engine = new SentraEngine(new EngineOptions { Limits = new ExecutionLimits { Timeout = TimeSpan.FromMilliseconds(200) } });
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("sleep(1000000)"));
        Assert.Equal("timeout", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        // the host API too: Call re-arms the timeout, and a builtin called directly honours it
        clock.Restart();
        Assert.Throws<SentraLimitException>(() => engine.Call(engine.GetGlobal("sleep"), Runtime.Value.FromInt(1_000_000)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public void SleepEndsWhenCancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var engine = new SentraEngine(new EngineOptions { Limits = new ExecutionLimits { CancellationToken = cts.Token } });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("sleep(1000000)"));
        Assert.Equal("script cancelled", e.Message);
    }

    [Fact]
    public void ShortSleepStillSleeps()
    {
        using var engine = new SentraEngine(new EngineOptions { Limits = new ExecutionLimits { Timeout = TimeSpan.FromSeconds(30) } });
        var clock = Stopwatch.StartNew();
        engine.Run("sleep(50)");
        Assert.True(clock.ElapsedMilliseconds >= 45, clock.ElapsedMilliseconds.ToString());
    }
}
