using System.Diagnostics;
using Sentra.Cli;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary>The REPL through its input and output: lines in, what it prints and reports out.</summary>
public sealed class ReplTests
{
    private static (int Code, string Out, string Err) Repl(string input, string tier = "interp")
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = new Repl(new TextReplInput(new StringReader(input)), stdout, stderr, tier, 0).Run();
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    public void StateIsKeptBetweenInputsAndFunctionsSeeLaterAssignments(string tier)
    {
        var (code, output, err) = Repl("let x = 1\nfn f(a) { return a * x }\nf(10)\nx = 2\nf(10)\nlet x = 5\nf(1)\n", tier);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal("10\n20\n5\n", output);
    }

    [Fact]
    public void ExpressionValuesAreEchoedButNilIsNot()
    {
        var (_, output, _) = Repl("1 + 2\n\"hi\"\n[1, \"a\"]\nnil\nprint(\"p\")\n{\"k\": 1}\n");
        Assert.Equal("3\n\"hi\"\n[1, a]\np\n{k: 1}\n", output);
    }

    [Fact]
    public void AnUnfinishedInputContinuesOnTheNextLines()
    {
        var (_, output, err) = Repl("fn add(a, b) {\n  return a +\n    b\n}\nadd(1, 2)\nlet s = \"two\nlines\"\nlen(s)\n");
        Assert.Equal("", err);
        Assert.Equal("3\n9\n", output);
    }

    [Fact]
    public void ABlankLineAbandonsAnUnfinishedInputWithItsError()
    {
        var (code, output, err) = Repl("print(1 +\n\nprint(\"after\")\n");
        Assert.Equal(0, code);
        Assert.Equal("after\n", output);
        Assert.Contains("end of file", err);
    }

    [Fact]
    public void ErrorsAreReportedAndTheSessionGoesOn()
    {
        var (code, output, err) = Repl("let a = 1\nnope + 1\nthrow \"boom\"\nconst c = 1\nc = 2\n)\nos.exit(3)\na\n");
        Assert.Equal(0, code);
        Assert.Equal("1\n", output);
        Assert.Contains("undefined variable: nope", err);
        Assert.Contains("boom", err);
        Assert.Contains("cannot assign to constant 'c'", err);
        Assert.Contains("SyntaxError", err);
    }

    [Fact]
    public void AGlobalAssignedBeforeAnErrorStaysAssigned()
    {
        var (_, output, _) = Repl("let n = 1\nn = 2\nthrow \"x\"\nn\n");
        Assert.Equal("2\n", output);
    }

    [Fact]
    public void CommandsAnswer()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sentra-repl-{Guid.NewGuid():N}.sn");
        File.WriteAllText(file, "fn twice(v) { return v * 2 }\nlet loaded = true\n");
        try
        {
            var (code, output, err) = Repl($":help\n:tier\n:load {file}\ntwice(21)\nloaded\n:disasm twice\n:disasm len\n:stats\n:nope\n:quit\nprint(\"not run\")\n", "jit");
            Assert.Equal(0, code);
            Assert.Contains(":disasm NAME", output);
            Assert.Contains("jit\n", output);
            Assert.Contains("42\ntrue\n", output);
            Assert.Contains("== twice (arity 1", output);
            Assert.Contains("last input:", output);
            Assert.DoesNotContain("not run", output);
            Assert.Contains("len is a builtin", err);
            Assert.Contains("unknown command :nope", err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task SentraReplReadsRedirectedStandardInput()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        psi.ArgumentList.Add("repl");
        using var p = Process.Start(psi)!;
        p.StandardInput.Write("let x = 20\nfn f() {\n  return x + 1\n}\nf() * 2\n");
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "sentra repl did not exit");
        Assert.Equal("", await err);
        Assert.Equal("42\n", await output);
        Assert.Equal(0, p.ExitCode);
    }
}
