using System.Diagnostics;
using Sentra.Execution;
using Sentra.Hosting;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Hostile scripts against the host's limits measured in time and memory: each ends with the
/// expected <see cref="SentraLimitException"/>, which the script cannot catch, and the engine
/// runs the next script afterwards. No timing assertions: a generous bound only proves a run
/// stopped at all.
/// </summary>
/// <remarks>
/// The memory budget measures the heap's growth, which is the process's: run alongside other
/// test classes, their garbage collected or made during a run changes what this run's growth
/// looks like (a print of a shared structure could then reach the string cap before the
/// budget). So these tests run alone.
/// </remarks>
[Collection(nameof(LimitTests))]
public sealed class LimitTests
{
    // proves the run stops (a miss would run for ever), not how fast: Debug builds on a
    // loaded 2-core machine took 13 s for what a Release build does in under 1 s
    private static readonly TimeSpan s_stopsWithin = TimeSpan.FromSeconds(60);

    private static (SentraEngine Engine, StringWriter Out) NewEngine(ExecutionLimits limits)
    {
        var sw = new StringWriter { NewLine = "\n" };
        return (new SentraEngine(new EngineOptions { Output = sw, Limits = limits }), sw);
    }

    /// <summary>Runs a script that must end with the given limit, within a generous bound; then checks the engine still works.</summary>
    private static void AssertStops(SentraEngine engine, string source, LimitKind kind)
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<SentraLimitException>(() => engine.Run(source));
        Assert.Equal(kind, e.Kind);
        Assert.True(clock.Elapsed < s_stopsWithin, $"stopped only after {clock.Elapsed}");
        AssertRunsNext(engine);
    }

    private static void AssertRunsNext(SentraEngine engine) =>
        Assert.Equal(6, engine.Run("let t = 0 for i in range(4) { t = t + i } return t").AsInt);

    private static ExecutionLimits Memory(long megabytes) => new() { MaxMemory = megabytes * 1024 * 1024 };

    private static ExecutionLimits Timeout(int ms) => new() { Timeout = TimeSpan.FromMilliseconds(ms) };

    [Theory]
    [InlineData("let s = \"x\" while true { s = s + s }")]
    [InlineData("let s = \"x\" while true { s = s * 2 }")]
    [InlineData("let a = [] while true { a.push([1, 2, 3]) }")]
    [InlineData("let a = [] while true { a.push(\"item \" + str(len(a))) }")]
    [InlineData("let m = {} let i = 0 while true { m[i] = i  i = i + 1 }")]
    [InlineData("let a = [1] while true { a = concat(a, a) }")]
    [InlineData("let s = \"ab\" while true { s = join([s, s, s], \"\") }")]
    [InlineData("let xs = [] while true { xs.push(fill(100000, 0.5)) }")]
    public void MemoryBudgetStopsABomb(string source)
    {
        var (engine, _) = NewEngine(Memory(32));
        AssertStops(engine, source, LimitKind.MemoryBudget);
    }

    [Fact]
    public void MemoryBudgetCannotBeCaughtByTheScript()
    {
        var (engine, output) = NewEngine(Memory(32));
        AssertStops(engine, "let a = [] while true { try { while true { a.push(\"x\" * 1000) } } catch e { log(e) } }", LimitKind.MemoryBudget);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void GarbageDoesNotCountAgainstTheMemoryBudget()
    {
        // 400 MB allocated in all, never more than a few hundred KB of it alive (the budget
        // leaves room for the heap growth of tests running at the same time)
        var (engine, _) = NewEngine(Memory(128));
        Assert.Equal(200_000_000, engine.Run("let n = 0 for i in range(2000) { let s = \"x\" * 100000  n = n + len(s) } return n").AsInt);
    }

    [Fact]
    public void MemoryBudgetStopsPrintingASharedStructure()
    {
        // a few hundred bytes of data whose printed form doubles with each level
        var (engine, _) = NewEngine(Memory(16));
        AssertStops(engine, "let a = [\"some text\"] for i in range(40) { a = [a, a] } log(str(a))", LimitKind.MemoryBudget);
        AssertStops(engine, "let a = [\"some text\"] for i in range(40) { a = [a, a] } log(json_encode(a))", LimitKind.MemoryBudget);
    }

    [Fact]
    public void APrintPastTheStringCapFailsBeforeWritingIt()
    {
        // 2^40 copies of a short string: the print's length is known from the shared parts
        // after its first megabyte, so it fails then, not after writing a gigabyte
        var output = new StringWriter { NewLine = "\n" };
        using var engine = new SentraEngine(new EngineOptions { Output = output, UseDedicatedThread = false });
        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.Run("let a = [\"some text\"] for i in range(40) { a = [a, a] } try { log(str(a)) } catch e { log(e) }");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("string too large\n", output.ToString());
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB");
    }

    [Fact]
    public void OutOfMemoryEndsTheRun()
    {
        var (engine, output) = NewEngine(new ExecutionLimits());
        engine.RegisterFunction("exhaust", 0, 0, (_, _) => throw new OutOfMemoryException());
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("while true { try { exhaust() } catch e { log(e) } }"));
        Assert.Equal(LimitKind.OutOfMemory, e.Kind);
        Assert.Equal("", output.ToString());
        AssertRunsNext(engine);
    }

    [Fact]
    public void SleepIsStoppedByTheTimeout()
    {
        var (engine, _) = NewEngine(Timeout(100));
        AssertStops(engine, "while true { sleep(1000) }", LimitKind.Timeout);
        AssertStops(engine, "sleep(100000000)", LimitKind.Timeout);
    }

    [Fact]
    public void SleepIsStoppedByCancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var (engine, _) = NewEngine(new ExecutionLimits { CancellationToken = cts.Token });
        var e = Assert.Throws<SentraLimitException>(() => engine.Run("while true { sleep(1000) }"));
        Assert.Equal(LimitKind.Cancelled, e.Kind);
    }

    [Fact]
    public void ACancelledTokenRefusesEveryLaterRun()
    {
        using var cts = new CancellationTokenSource();
        var (engine, output) = NewEngine(new ExecutionLimits { CancellationToken = cts.Token });
        engine.Run("log(1)");
        cts.Cancel();
        for (int i = 0; i < 2; i++)
        {
            var e = Assert.Throws<SentraLimitException>(() => engine.Run("log(2)"));
            Assert.Equal(LimitKind.Cancelled, e.Kind);
            Assert.Equal("script cancelled", e.Message);
        }
        Assert.Throws<SentraLimitException>(() => engine.Call(engine.GetGlobal("log"), Sentra.Runtime.Value.FromInt(3)));
        Assert.Equal("1\n", output.ToString());
    }

    [Theory]
    [InlineData("while true { }")]
    [InlineData("while true { try { while true { } } catch e { } finally { } }")]
    [InlineData("fn f(n) { return f(n + 1) }\nwhile true { try { f(0) } catch e { } }")]
    [InlineData("let s = \"x\" * 1000000\nwhile true { try { while true { s = s + s } } catch e { s = \"x\" * 1000000 } }")]
    [InlineData("let a = []\nwhile true { try { a[2000000000] = 1 } catch e { } }")]
    [InlineData("fn f() { try { return f() } catch e { return f() } }\nf()")]
    public void HostileLoopsThatCatchEverythingStopAtTheTimeout(string source)
    {
        var (engine, _) = NewEngine(Timeout(100));
        AssertStops(engine, source, LimitKind.Timeout);
    }

    [Theory]
    [InlineData("let a = map(range(100000), fn(x) => x * 0.5) while true { sort(a) }")]
    [InlineData("let a = map(range(100000), fn(x) => \"s\" + str(x)) while true { sort(a) }")]
    [InlineData("let a = range(200000) while true { str(a) }")]
    [InlineData("let a = map(range(200000), fn(x) => [x]) while true { join(a, \",\") }")]
    [InlineData("let a = map(range(100000), fn(x) => {k: x}) while true { json_encode(a) }")]
    [InlineData("let s = \"abc,\" * 300000 while true { upper(s) }")]
    [InlineData("let s = \"abc,\" * 300000 while true { split(s, \",\") }")]
    [InlineData("let s = \"abc,\" * 300000 while true { regex_replace(\"b\", \"x\", s) }")]
    [InlineData("let m = {} for i in range(200000) { m[i] = i } while true { keys(m) }")]
    public void LongBuiltinsInALoopAreStoppedByTheTimeout(string source)
    {
        var (engine, _) = NewEngine(Timeout(100));
        AssertStops(engine, source, LimitKind.Timeout);
    }

    [Fact]
    public void ACatastrophicRegexStopsAtTheTimeout()
    {
        // one match would backtrack for ages: its own match timeout ends by the run's deadline,
        // and the catchable error it raises gives way to the run's timeout
        var (engine, _) = NewEngine(Timeout(100));
        AssertStops(engine, "let s = \"a\" * 40 + \"!\" regex_match(\"^(a+)+$\", s)", LimitKind.Timeout);
        AssertStops(engine, "let s = \"a\" * 40 + \"!\" while true { try { regex_match(\"^(a+)+$\", s) } catch e { } }", LimitKind.Timeout);
    }

    [Fact]
    public void TheTimeoutHoldsWhileErrorsUnwindThroughCallbacks()
    {
        var (engine, _) = NewEngine(Timeout(200));
        AssertStops(engine, "fn f(n) { return [n + 1].map(f)[0] + 1 }\nwhile true { try { f(0) } catch e { } }", LimitKind.Timeout);
    }

    [Fact]
    public void TheTimeoutCountsFromBeforeCompilation()
    {
        // compiling 20,000 functions outlasts the budget: the first poll (after 16,384 steps
        // of a loop that would end in well under the budget) stops the run
        var source = string.Join("\n", Enumerable.Range(0, 20000).Select(i => $"fn f{i}(x) {{ return x + {i} }}")) +
            "\nfor i in range(20000) { }\nlog(\"ran\")";
        var (engine, output) = NewEngine(Timeout(5));
        AssertStops(engine, source, LimitKind.Timeout);
        Assert.Equal("", output.ToString());
    }
}

/// <summary>The limit tests run with no other test class at the same time (see <see cref="LimitTests"/>).</summary>
[CollectionDefinition(nameof(LimitTests), DisableParallelization = true)]
public sealed class LimitTestsCollection;
