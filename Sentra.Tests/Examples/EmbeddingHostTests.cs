using System.Diagnostics;
using Xunit;

namespace Sentra.Tests.Examples;

/// <summary>examples/EmbeddingHost, the sample host, runs and prints what its rules compute.</summary>
public sealed class EmbeddingHostTests
{
    [Fact]
    public async Task TheSampleHostRuns()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(ExamplesTests.ExamplesDir, "EmbeddingHost", "bin", configuration, "net10.0", "EmbeddingHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the sample builds with SentraJit.sln");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "the sample host did not exit");
        Assert.Equal("", await err);
        Assert.Equal("ada: total 120, discount 18\nbob: total 19, discount 0\naudit: ada: total 120, rate 0.15000000000000002\naudit: bob: total 19, rate 0\n", await output);
        Assert.Equal(0, p.ExitCode);
    }
}
