using System.Diagnostics;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary>
/// The `sentra run` limit options, a closed output pipe and SIGINT/SIGTERM, on the real
/// process: the message, the exit status, and that what the script wrote is flushed.
/// </summary>
public sealed class CliLimitTests
{
    private static Process Start(params string[] args)
    {
        var dll = typeof(global::Sentra.Cli.Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static (int Code, string Out, string Err) Sentra(params string[] args)
    {
        using var p = Start(args);
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

    [Theory]
    [InlineData("--timeout", "100", "log(\"before\")\nwhile true { }", "Runtime error: timeout (--timeout 100)")]
    [InlineData("--timeout", "100", "log(\"before\")\nwhile true { sleep(1000) }", "Runtime error: timeout (--timeout 100)")]
    [InlineData("--max-steps", "1000", "log(\"before\")\nwhile true { }", "Runtime error: step budget exhausted (--max-steps 1000)")]
    [InlineData("--max-memory", "64", "log(\"before\")\nlet s = \"x\"\nwhile true { s = s + s }", "Runtime error: memory limit exceeded (--max-memory 64)")]
    [InlineData("--max-depth", "50", "log(\"before\")\nfn f(n) { return f(n + 1) }\nf(0)", "Runtime error: stack overflow")]
    public void ALimitEndsTheRunWithItsOptionNamed(string option, string value, string script, string message)
    {
        var (code, output, err) = Sentra("run", option, value, Temp("limit.sn", script));
        Assert.Equal(1, code);
        Assert.Equal("before\n", output);
        Assert.StartsWith(message + "\n", err);
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout must be a positive number")]
    [InlineData("--max-memory", "-5", "--max-memory must be a positive number")]
    [InlineData("--max-depth", "10001", "--max-depth must be at most 10000")]
    [InlineData("--max-steps", "many", "--max-steps must be a positive number, not 'many'")]
    public void BadLimitValuesAreUsageErrors(string option, string value, string message)
    {
        var (code, _, err) = Sentra("run", option, value, Temp("ok.sn", "log(1)"));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void ARunWithinItsLimitsIsUnaffected()
    {
        var (code, output, err) = Sentra("run", "--timeout", "60000", "--max-steps", "1000000", "--max-memory", "256", "--max-depth", "100",
            Temp("ok.sn", "let t = 0\nfor i in range(1000) { t = t + i }\nlog(t)"));
        Assert.Equal(0, code);
        Assert.Equal("499500\n", output);
        Assert.Equal("", err);
    }

    [Fact]
    public async Task OutputIntoAClosedPipeEndsTheRunQuietly()
    {
        // `sentra run loop.sn | head -1`: the reader goes away after the first line
        using var p = Start("run", Temp("loop.sn", "let i = 0\nwhile true { i = i + 1\nlog(\"line \" + str(i)) }"));
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.Equal("line 1", p.StandardOutput.ReadLine());
        p.StandardOutput.Close();
        Assert.True(p.WaitForExit(60_000), "sentra kept running after its output pipe closed");
        Assert.Equal(141, p.ExitCode);
        Assert.Equal("", await stderr);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task ASignalStopsTheScriptAndFlushesItsOutput(string signal, int status)
    {
        if (OperatingSystem.IsWindows()) return;
        // the script says it is running through a file (its log output stays buffered until the end)
        var ready = Path.Combine(Path.GetDirectoryName(Temp("x", ""))!, "ready");
        var script = Temp("wait.sn", $"log(\"written before the signal\")\nwrite_file(\"{ready}\", \"\")\nwhile true {{ sleep(50) }}");
        using var p = Start("run", script);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var waited = Stopwatch.StartNew();
        while (!File.Exists(ready) && !p.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
        Assert.True(File.Exists(ready), "the script did not start");
        using (var kill = Process.Start("kill", ["-" + signal, p.Id.ToString()])) kill.WaitForExit();
        Assert.True(p.WaitForExit(60_000), "sentra did not stop");
        Assert.Equal(status, p.ExitCode);
        Assert.Equal("written before the signal\n", await stdout);
        Assert.Equal("", await stderr);
    }
}
