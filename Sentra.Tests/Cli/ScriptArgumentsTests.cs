using System.Diagnostics;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary><c>sentra run FILE ARGS...</c>, <c>sentra run - ARGS...</c> and the os module in the CLI.</summary>
public sealed class ScriptArgumentsTests
{
    private const string Script = "import \"os\" as os\nprint(os.args())\nprint(os.env(\"SENTRA_TEST_VALUE\"))\nos.exit(len(os.args()))\nprint(\"not reached\")\n";

    private static (int Code, string Out, string Err) Sentra(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["SENTRA_TEST_VALUE"] = "from env";
        psi.ArgumentList.Add(typeof(global::Sentra.Cli.Program).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "sentra did not exit");
        return (p.ExitCode, output.Result, err.Result);
    }

    [Fact]
    public void AScriptFileGetsTheArgumentsAfterIt()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sentra-args-{Guid.NewGuid():N}.sn");
        File.WriteAllText(file, Script);
        try
        {
            var (code, output, err) = Sentra(null, "run", file, "a", "b c", "--tier", "jit", "--", "-d");
            Assert.Equal("", err);
            Assert.Equal("[a, b c, -d]\nfrom env\n", output);
            Assert.Equal(3, code);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ADashReadsTheScriptFromStandardInput()
    {
        var (code, output, err) = Sentra(Script, "run", "-", "x");
        Assert.Equal("", err);
        Assert.Equal("[x]\nfrom env\n", output);
        Assert.Equal(1, code);
        (code, _, err) = Sentra("print(1 +", "run", "-");
        Assert.Equal(1, code);
        Assert.Contains("<stdin>:", err);
    }

    [Fact]
    public void HelpAloneShowsTheUsageWithTheReplCommand()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, global::Sentra.Cli.Program.Run(["help"], stdout, stderr));
        Assert.Contains("repl", stdout.ToString());
        Assert.Contains("run <file> <args>", stdout.ToString());
    }
}
