using Sentra.Bytecode;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Tiering;
using Sentra.Tests.Corpus;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Tier.Tiered's background compilation: the interpreter keeps running a hot function while
/// it is compiled on another thread, and takes the compiled code at its next call or loop
/// check once published. The tests make the moment deterministic with a host function
/// (<c>__wait()</c>) that waits until the background compiler is idle.
/// </summary>
public sealed class TieringTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    private static (SentraEngine engine, StringWriter output, JitBackend backend) Engine(int threshold = 3, bool background = true)
    {
        var backend = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = threshold, BackgroundCompilation = background });
        var output = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(new EngineOptions { Tier = Tier.Tiered, TierBackend = backend, Output = output });
        engine.RegisterFunction("__wait", 0, 0, (_, _) =>
        {
            Assert.True(JitBackend.WaitForBackgroundCompilation(s_wait), "the background compiler did not finish");
            return default;
        });
        return (engine, output, backend);
    }

    private static FunctionProto Proto(SentraScript script, string name) => script.Compiled.Main.Protos.First(p => p.Name == name);

    [Fact]
    public void AHotFunctionIsCompiledInTheBackgroundAndLaterCallsRunItsCode()
    {
        var (engine, output, backend) = Engine();
        // ten calls make inc hot; once the compiler is idle its code is published, and the
        // call with the largest int runs it: the compiled code's overflow guard deoptimizes
        // (the interpreter has no such guard, so a deopt proves the compiled code ran)
        var script = SentraEngine.Compile("fn inc(x) { return x + 1 }\nlet s = 0\nfor (let i = 0; i < 10; i = i + 1) { s = s + inc(i) }\n" +
            "__wait()\nlog(s)\nlog(inc(9223372036854775807))\nlog(inc(2))");
        engine.Run(script);
        Assert.Equal("55\n9.223372036854776e+18\n3\n", output.ToString());
        var inc = Proto(script, "inc");
        Assert.True(backend.IsCompiled(inc));
        Assert.NotNull(inc.JitCode);
        Assert.Equal(1, backend.DeoptCount(inc));
        Assert.Equal(1, backend.CompilationCount(inc));
    }

    [Fact]
    public void ARunningLoopIsEnteredOnceItsCodeIsPublished()
    {
        var (engine, output, backend) = Engine();
        // spin is called once: its loop is queued at the interpreter's first loop check (after
        // 16,384 steps), compiled while the loop runs on, and entered at a later check
        var script = SentraEngine.Compile("fn spin(n) { let s = 0\n for (let i = 0; i < n; i = i + 1) { s = s + i\n if i == 50000 { __wait() } }\n return s }\nlog(spin(200000))");
        engine.Run(script);
        Assert.Equal("19999900000\n", output.ToString());
        Assert.True(backend.IsCompiled(Proto(script, "spin")));
        Assert.Matches(@"compiled spin \(.*\): [0-9.]+ ms \+ .NET JIT [0-9.]+ ms, 1 loop entries", backend.Report());
    }

    [Fact]
    public void ABuiltinsCallbackLoopSwitchesToTheCompiledCodeMidLoop()
    {
        var (engine, output, backend) = Engine();
        // map's calls of g are interpreted in one frame until g's counter runs out, then
        // handed back to the tiering loop, which queues g; after the wait the rest of the
        // second map runs compiled (the overflowing element deoptimizes once)
        var script = SentraEngine.Compile("fn g(x) { return x + 1 }\nlet a = map(range(0, 100), g)\n__wait()\n" +
            "let b = map([1, 2, 9223372036854775807, 4], g)\nlog(len(a))\nlog(a[99])\nlog(b)");
        engine.Run(script);
        Assert.Equal("100\n100\n[2, 3, 9.223372036854776e+18, 5]\n", output.ToString());
        var g = Proto(script, "g");
        Assert.True(backend.IsCompiled(g));
        Assert.Equal(1, backend.DeoptCount(g));
    }

    [Fact]
    public void ACallbackLoopYieldsAtTheThresholdWithoutChangingResults()
    {
        // synchronous compilation: the yield of map's interpreted loop hands over to compiled
        // calls at the threshold; filter, reduce and each with callbacks that capture and throw
        var (engine, output, backend) = Engine(threshold: 5, background: false);
        var script = SentraEngine.Compile("""
            fn h(x) { return x * 3 }
            let k = 7
            let ys = map(range(0, 40), fn(x) => h(x) + k)
            let zs = filter(ys, fn(y) => y % 2 == 0)
            let total = reduce(zs, fn(a, b) => a + b, 0)
            let seen = 0
            each(range(0, 30), fn(x) { seen = seen + x })
            let caught = nil
            try { map(range(0, 20), fn(x) { if x == 15 { throw "at " + str(x) } return x }) } catch e { caught = e }
            log([len(ys), ys[39], len(zs), total, seen, caught])
            """);
        engine.Run(script);
        Assert.Equal("[40, 124, 20, 1340, 435, at 15]\n", output.ToString());
        Assert.True(backend.IsCompiled(Proto(script, "h")));
    }

    [Fact]
    public void OneScriptOnSeveralEnginesAndThreadsIsCompiledOncePerFunction()
    {
        var backend = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = 2, BackgroundCompilation = true });
        var script = SentraEngine.Compile("""
            fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }
            fn make_adder(k) { return fn(x) => x + k }
            fn run(n) {
              let add = make_adder(n)
              let s = 0
              for (let i = 0; i < 30000; i = i + 1) { s = s + i % 7 }
              let ys = map(range(0, 300), fn(x) => add(x) * 2)
              return s + fib(16) + reduce(ys, fn(a, b) => a + b, 0)
            }
            let t = 0
            for (let r = 0; r < 5; r = r + 1) { t = t + run(r) }
            log(t)
            """);
        const int threads = 4, runs = 10;
        var outputs = new string[threads, runs];
        var failures = new List<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                for (int r = 0; r < runs; r++)
                {
                    var output = new StringWriter { NewLine = "\n" };
                    var engine = new SentraEngine(new EngineOptions { Tier = Tier.Tiered, TierBackend = backend, Output = output, UseDedicatedThread = false });
                    engine.Run(script);
                    outputs[t, r] = output.ToString();
                }
            }
            catch (Exception e)
            {
                lock (failures) failures.Add(e);
            }
        }, 16 * 1024 * 1024)).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(failures);
        // the same sum the interpreter gives
        var interpOut = new StringWriter { NewLine = "\n" };
        new SentraEngine(new EngineOptions { Output = interpOut }).Run(script);
        Assert.Equal("", string.Join("", outputs.Cast<string>().Where(o => o != interpOut.ToString())));
        Assert.True(JitBackend.WaitForBackgroundCompilation(s_wait));
        foreach (var name in new[] { "fib", "run" })
        {
            var p = Proto(script, name);
            Assert.True(backend.IsCompiled(p), name);
            Assert.Equal(1, backend.CompilationCount(p));
        }
        foreach (var p in script.Compiled.Main.Protos) Assert.True(backend.CompilationCount(p) <= 1, p.Name);
    }

    [Fact]
    public void TheBackgroundCompilerCanHaveTheDotNetJitCompileAhead()
    {
        // otherwise the .NET JIT's part of a compilation (the larger one) falls back on the
        // script's thread at the first call: a runtime that renamed the internal method
        Assert.True(BackgroundCompiler.CanPrepare);
    }

    public static TheoryData<string> JitScripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ScriptTests.ScriptsRoot, "jit"), "*.sn").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>The scripts that make each guard fail, on the tiered tier compiling in the background, against the interpreter.</summary>
    [Theory]
    [MemberData(nameof(JitScripts))]
    public void GuardScriptsGiveTheInterpretersOutputWithBackgroundCompilation(string name)
    {
        var path = Path.Combine(ScriptTests.ScriptsRoot, "jit", name);
        var source = File.ReadAllText(path);
        string Run(EngineOptions options, StringWriter output)
        {
            var engine = new SentraEngine(options);
            engine.RegisterFunction("__jit_compiled", 1, 1, (_, _) => default);
            try
            {
                engine.Run(SentraEngine.Compile(source, path));
            }
            catch (SentraException e)
            {
                output.WriteLine("error: " + e.Message);
            }
            return output.ToString();
        }
        var expected = new StringWriter { NewLine = "\n" };
        var actual = new StringWriter { NewLine = "\n" };
        var backend = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = 2, BackgroundCompilation = true });
        var interp = Run(Tiers.Options("interp", expected, path), expected);
        var tiered = Run(new EngineOptions
        {
            Tier = Tier.Tiered,
            TierBackend = backend,
            Output = actual,
            ModuleResolver = new FileModuleResolver(path),
            AllowFileAccess = true,
            Limits = new ExecutionLimits { Timeout = TimeSpan.FromSeconds(60) },
        }, actual);
        Assert.Equal(interp, tiered);
    }
}
