using System.Diagnostics;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary>Runs the real `sentra` process: exit codes, stdout/stderr split, flushing.</summary>
public sealed class CliTests
{
    private static (int Code, string Out, string Err) Sentra(params string[] args) => SentraWith(null, args);

    private static (int Code, string Out, string Err) SentraWith(Dictionary<string, string>? env, params string[] args)
    {
        var dll = typeof(global::Sentra.Cli.Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in env ?? []) psi.Environment[name] = value;
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "sentra did not exit");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Temp(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sentra-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void RunPrintsAndExitsZero()
    {
        var (code, output, err) = Sentra("run", Temp("ok.sn", "log(\"hi\")\nlog(1 + 1)"));
        Assert.Equal(0, code);
        Assert.Equal("hi\n2\n", output);
        Assert.Equal("", err);
    }

    [Fact]
    public void TheQuickAndTheOrderlyExitWriteTheSameOutputAndCodes()
    {
        // more output than the CLI's 64 KB buffer, then a clean end or an uncaught error:
        // without runtime diagnostics in the environment the CLI ends with _exit after
        // flushing; with one (a perf-map setting, switched off) it returns from Main
        var ok = Temp("many.sn", "for (let i = 0; i < 20000; i = i + 1) { log(\"line \" + str(i)) }");
        var failing = Temp("fails.sn", "for (let i = 0; i < 20000; i = i + 1) { log(i) }\nthrow \"late\"");
        var orderly = new Dictionary<string, string> { ["DOTNET_PerfMapEnabled"] = "0" };
        foreach (var env in new[] { null, orderly })
        {
            var (code, output, err) = SentraWith(env, "run", ok);
            Assert.Equal(0, code);
            Assert.Equal(20000, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.EndsWith("line 19999\n", output);
            Assert.Equal("", err);
            (code, output, err) = SentraWith(env, "run", failing);
            Assert.Equal(1, code);
            Assert.EndsWith("\n19999\n", output);
            Assert.StartsWith("Runtime error: uncaught exception: late", err);
        }
    }

    [Fact]
    public void TheEnvironmentNamesAreThoseDotNetSees()
    {
        // /proc/self/environ is the environment the process started with; this process has
        // not changed its own, so it must list exactly the names .NET reports
        if (!OperatingSystem.IsLinux()) return;
        var expected = Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal).ToArray();
        var names = global::Sentra.Cli.ProcessEnd.EnvironmentNames().Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("PATH", names);
        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData("DOTNET_CLI_TELEMETRY_OPTOUT", false)]
    [InlineData("DOTNET_NOLOGO", false)]
    [InlineData("DOTNET_ROOT", false)]
    [InlineData("DOTNET_gcServer", false)]
    [InlineData("SENTRA_HUGE_PAGES", false)]
    [InlineData("DOTNET_EnableEventPipe", true)]
    [InlineData("COMPlus_JitStdOutFile", true)]
    [InlineData("DOTNET_jitdisasmsummary", true)]
    [InlineData("DOTNET_PerfMapEnabled", true)]
    [InlineData("DOTNET_STARTUP_HOOKS", true)]
    [InlineData("CORECLR_ENABLE_PROFILING", true)]
    public void OnlyDiagnosticsThatWriteAtShutdownKeepTheOrderlyExit(string name, bool orderly)
    {
        Assert.Equal(orderly, global::Sentra.Cli.ProcessEnd.DiagnosticsNeedShutdown(["PATH", name, "HOME"]));
    }

    [Fact]
    public void UncaughtErrorKeepsOutputAndExitsOne()
    {
        var (code, output, err) = Sentra("run", Temp("t23.sn", "log(\"before\")\nlet m = nil\nlog(m[\"x\"])\nlog(\"after\")"));
        Assert.Equal(1, code);
        Assert.Equal("before\n", output);
        Assert.StartsWith("Runtime error: cannot index nil\n", err);
        Assert.DoesNotContain("   at Sentra.", err); // never a .NET stack trace
    }

    [Fact]
    public void ThrownMapIsReported()
    {
        var (code, _, err) = Sentra("run", Temp("t.sn", "throw {\"code\": 1}"));
        Assert.Equal(1, code);
        Assert.StartsWith("Runtime error: uncaught exception: {code: 1}", err);
    }

    [Fact]
    public void SyntaxErrorRunsNothing()
    {
        var path = Temp("bad.sn", "log(1)\nx += 1");
        var (code, output, err) = Sentra("run", path);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("SyntaxError: Unexpected token in expression: '='\n  at " + path + ":2:4", err);
    }

    [Fact]
    public void CheckAndDisasm()
    {
        var path = Temp("c.sn", "fn f(x) { return x + 1 }\nlog(f(1))");
        var (code, output, _) = Sentra("check", path);
        Assert.Equal(0, code);
        Assert.Contains("ok", output);
        (code, output, _) = Sentra("disasm", path);
        Assert.Equal(0, code);
        Assert.Contains("== f (arity 1", output);
        Assert.Contains("Return", output);
    }

    [Fact]
    public void UsageErrorsExitTwo()
    {
        Assert.Equal(2, Sentra("run").Code);
        Assert.Equal(2, Sentra("frobnicate").Code);
        Assert.Equal(2, Sentra("run", "x.sn", "--tier", "warp").Code);
        Assert.Equal(2, Sentra("run", "/nonexistent/file.sn").Code);
    }

    [Fact]
    public void StatsGoToStandardError()
    {
        var (code, output, err) = Sentra("run", "--stats", Temp("s.sn", "let a = []\nfor i in range(1000) { push(a, str(i)) }\nlog(len(a))"));
        Assert.Equal(0, code);
        Assert.Equal("1000\n", output);
        Assert.Matches(@"^\[stats\] compile \+ run [0-9.]+ ms, allocated [0-9.]+ MB, GCs gen0 \d+ gen1 \d+ gen2 \d+", err);
    }

    [Fact]
    public void TieredRunsWithBackgroundCompilation()
    {
        // a hot function (threshold 3) queued for the background compiler: the answer is the
        // interpreter's whenever its code arrives, and --stats reports the tier
        var script = Temp("bg.sn", "fn f(x) { return x * 2 + 1 }\nlet s = 0\nfor (let i = 0; i < 100000; i = i + 1) { s = s + f(i) }\nlog(s)");
        var (code, output, err) = Sentra("run", script, "--tier", "tiered", "--jit-background", "--jit-threshold", "3", "--stats");
        Assert.Equal(0, code);
        Assert.Equal("10000000000", output.Trim());
        Assert.Contains("jit: tier tiered", err);
    }

    [Fact]
    public void VersionAndHelp()
    {
        var (code, output, _) = Sentra("--version");
        Assert.Equal(0, code);
        Assert.False(string.IsNullOrWhiteSpace(output));
        (code, output, _) = Sentra("--help");
        Assert.Equal(0, code);
        Assert.Contains("run", output);
        Assert.Contains("--version", output);
        (code, output, _) = Sentra("run", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--tier", output);
        Assert.Contains("--stats", output);
        (code, output, _) = Sentra("[suggest]", "ru");
        Assert.Equal(0, code);
        Assert.Equal("run\n", output);
    }

    [Fact]
    public void OnlyHelpVersionDirectivesAndResponseFilesNeedTheFullRoot()
    {
        // a plain run gets a root command without --help and --version (their set-up loads
        // resources at every start); anything that can use them gets the full RootCommand
        Assert.False(global::Sentra.Cli.Program.UsesRootFeatures(["run", "x.sn", "--stats", "--tier", "interp"]));
        Assert.False(global::Sentra.Cli.Program.UsesRootFeatures([]));
        foreach (var a in new[] { "--help", "-h", "/h", "-?", "/?", "--version", "@args.rsp", "[suggest]" })
            Assert.True(global::Sentra.Cli.Program.UsesRootFeatures(["run", a]), a);
    }
}
