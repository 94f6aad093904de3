using Sentra.Hosting;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Runtime errors carry the line and the column of the operation that raised them (the
/// operator, the call's parenthesis, the index's bracket, the property's dot), in every frame
/// of the trace; traces print only the line (SPEC 3.12).
/// </summary>
public sealed class RuntimeErrorPositionTests
{
    private static SentraRuntimeException Fail(string source, string tier = "interp") =>
        Assert.Throws<SentraRuntimeException>(() => new SentraEngine(Corpus.Tiers.Options(tier, TextWriter.Null, "p.sn")).Run(source, "p.sn"));

    [Theory]
    [InlineData("let a = 1\nlog(nil.x)", 2, 8)]          // the property's dot
    [InlineData("let z = 0\nlet q = 10 % z", 2, 12)]     // the operator
    [InlineData("let xs = [1]\nlet y = xs[\"k\"]", 2, 11)] // the index's bracket
    [InlineData("let f = 3\n  f(1)", 2, 4)]               // the call's parenthesis
    [InlineData("let s = \"é\"\nlet t = s + 1 - nil", 2, 15)] // columns count code points
    public void TheErrorPointsAtTheOperation(string source, int line, int column)
    {
        var e = Fail(source);
        Assert.Equal(new SourceSpan("p.sn", line, column), e.Span);
        Assert.Equal(column, e.ScriptStackTrace[0].Column);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("tiered")]
    [InlineData("stress")]
    public void CallersInTheTraceHaveTheColumnOfTheirCall(string tier)
    {
        var e = Fail("fn inner(x) {\n  return x.y.z\n}\nfn outer() { return 1 + inner(nil) }\nouter()", tier);
        Assert.Equal([(2, 11), (4, 30), (5, 6)], e.ScriptStackTrace.Select(f => (f.Line, f.Column)));
        Assert.Equal("  at inner (p.sn:2)", e.ScriptStackTrace[0].ToString());
    }
}
