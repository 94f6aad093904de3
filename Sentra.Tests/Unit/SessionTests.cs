using Sentra.Hosting;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>SentraEngine.Evaluate (a session of pieces sharing globals) and the os module's host capabilities.</summary>
public sealed class SessionTests
{
    [Fact]
    public void PiecesShareGlobalsAndReturnTheirLastExpression()
    {
        using var engine = new SentraEngine();
        Assert.True(engine.Evaluate("let total = 0\nfn add(n) { total = total + n }").IsNil);
        engine.Evaluate("add(5)");
        engine.Evaluate("add(7)");
        Assert.Equal(12, engine.Evaluate("total").AsInt);
        Assert.Equal(12, engine.GetGlobal("total").AsInt);
        Assert.Equal("12!", engine.Evaluate("let s = str(total)\ns + \"!\"").AsString);
    }

    [Fact]
    public void HostGlobalsReachLaterPieces()
    {
        using var engine = new SentraEngine();
        engine.Evaluate("fn get() { return limit }");
        engine.SetGlobal("limit", Value.FromInt(3));
        Assert.Equal(3, engine.Evaluate("get()").AsInt);
        engine.SetGlobal("limit", Value.FromInt(4));
        Assert.Equal(4, engine.Evaluate("get()").AsInt);
    }

    [Fact]
    public void ConstantsStayConstantAcrossPieces()
    {
        using var engine = new SentraEngine();
        engine.Evaluate("const k = 1");
        var e = Assert.Throws<SentraSyntaxException>(() => engine.Evaluate("k = 2"));
        Assert.Contains("constant", e.Message);
        Assert.Equal(1, engine.Evaluate("k").AsInt);
    }

    [Fact]
    public void OsArgsComeFromTheHostAndEnvNeedsItsPermission()
    {
        using var closed = new SentraEngine(new EngineOptions { ScriptArguments = ["one"] });
        Assert.Equal("[one]", closed.Run("import \"os\" as os\nreturn str(os.args())").AsString);
        var e = Assert.Throws<SentraRuntimeException>(() => closed.Run("import \"os\" as os\nos.env(\"PATH\")"));
        Assert.Contains("environment access is disabled", e.Message);
        using var open = new SentraEngine(new EngineOptions { AllowEnvironment = true });
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), open.Run("import \"os\" as os\nreturn os.env(\"PATH\")").AsString);
        Assert.True(open.Run("import \"os\" as os\nreturn os.env(\"SENTRA_SURELY_UNSET_VARIABLE\")").IsNil);
    }

    [Fact]
    public void ExitEndsTheRunWithItsCodeAndNoScriptCanCatchIt()
    {
        using var engine = new SentraEngine();
        var e = Assert.Throws<SentraExitException>(() => engine.Run("import \"os\" as os\ntry { os.exit(7) } catch (err) { print(\"caught\") }"));
        Assert.Equal(7, e.Code);
        Assert.Throws<SentraRuntimeException>(() => engine.Run("import \"os\" as os\nos.exit(256)"));
        // the engine is usable after an exit
        Assert.Equal(2, engine.Run("return 1 + 1").AsInt);
    }
}
