using Sentra.Hosting;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>Value.From, ToObject, To&lt;T&gt; and the checked accessors: every kind both ways, and the failures.</summary>
public sealed class ValueConversionTests
{
    [Fact]
    public void DotNetPrimitivesBecomeSentraValues()
    {
        Assert.True(Value.From(null).IsNil);
        Assert.Equal(42, Value.From(42).ToInt64());
        Assert.Equal(7, Value.From((byte)7).ToInt64());
        Assert.Equal(uint.MaxValue, Value.From(uint.MaxValue).ToInt64());
        Assert.Equal(1.5, Value.From(1.5f).ToNumber());
        Assert.Equal(2.25, Value.From(2.25m).ToNumber());
        Assert.True(Value.From(true).ToBoolean());
        Assert.Equal("x", Value.From('x').To<string>());
        Assert.Throws<OverflowException>(() => Value.From(ulong.MaxValue));
        Assert.Throws<ArgumentException>(() => Value.From(new object()));
    }

    [Fact]
    public void CollectionsConvertBothWaysKeepingOrderAndCycles()
    {
        var v = Value.From(new Dictionary<string, object?> { ["b"] = new[] { 1, 2 }, ["a"] = null, ["c"] = new List<string> { "s" } });
        Assert.Equal("{b: [1, 2], a: nil, c: [s]}", v.ToString());
        var back = (Dictionary<string, object?>)v.ToObject()!;
        Assert.Equal(["b", "a", "c"], back.Keys);
        Assert.Equal([1L, 2L], (List<object?>)back["b"]!);
        Assert.Equal([1, 2], v.To<Dictionary<string, object?>>()["b"] is List<object?> l ? l.Select(o => (int)(long)o!) : []);
        Assert.Equal([1, 2], Value.From(new[] { 1, 2 }).To<int[]>());
        Assert.Equal([1.0, 2.0], Value.From(new[] { 1, 2 }).To<IReadOnlyList<double>>());
        var cyclic = new List<object?> { 1 };
        cyclic.Add(cyclic);
        var arr = Value.From(cyclic);
        Assert.Equal("[1, [...]]", arr.ToString());
        var round = (List<object?>)arr.ToObject()!;
        Assert.Same(round, round[1]);
    }

    [Fact]
    public void WrongKindsAndRangesThrowInsteadOfReinterpreting()
    {
        Assert.Equal("cannot convert a Sentra string to Double", Assert.Throws<InvalidCastException>(() => Value.FromString("x").ToNumber()).Message);
        Assert.Throws<InvalidCastException>(() => Value.FromInt(1).To<bool>());
        Assert.Throws<InvalidCastException>(() => Value.FromString("hello").To<List<object?>>());
        Assert.Throws<InvalidCastException>(() => Value.FromInt(1).ToBoolean());
        Assert.Throws<InvalidCastException>(() => Value.FromFloat(1.5).ToInt64());
        Assert.Throws<InvalidCastException>(() => Value.Nil.To<int>());
        Assert.Null(Value.Nil.To<int?>());
        Assert.Null(Value.Nil.To<string>());
        Assert.Throws<OverflowException>(() => Value.FromInt(300).To<byte>());
        Assert.Equal(1.0, Value.FromInt(1).To<double>());
    }

    [Fact]
    public void HostFunctionsConvertArgumentsAndReportBadOnes()
    {
        using var engine = new SentraEngine();
        engine.SetValue("scale", (double x, int factor = 2) => x * factor)
              .SetValue("names", () => new[] { "a", "b" })
              .SetValue("touch", (Value v) => v.TypeName)
              .SetValue("nothing", () => { });
        Assert.Equal(3.0, engine.Run("return scale(1.5)").ToNumber());
        Assert.Equal(4.5, engine.Run("return scale(1.5, 3)").ToNumber());
        Assert.Equal("[a, b]", engine.Run("return str(names())").To<string>());
        Assert.Equal("map", engine.Run("return touch({})").To<string>());
        Assert.True(engine.Run("return nothing()").IsNil);
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Run("scale(\"x\")"));
        Assert.Equal("function 'scale' argument 1 (x): cannot convert a Sentra string to Double", e.Message);
        Assert.Contains("expects 1-2 argument(s), got 3", Assert.Throws<SentraRuntimeException>(() => engine.Run("scale(1, 2, 3)")).Message);
    }

    [Theory]
    [InlineData(Tier.Jit)]
    [InlineData(Tier.DeoptStress)]
    public void AHostExceptionIsTheInnerExceptionOnCompilingTiersToo(Tier tier)
    {
        using var engine = new SentraEngine(new EngineOptions { Tier = tier, TierBackend = new Sentra.Jit.Tiering.JitBackend(tier) });
        engine.SetValue("fail", new Func<long>(() => throw new FormatException("bad format")));
        engine.Run("fn f() { return fail() }");
        var e = Assert.Throws<SentraRuntimeException>(() => engine.Invoke("f"));
        Assert.IsType<FormatException>(e.InnerException);
        e = Assert.Throws<SentraRuntimeException>(() => engine.Run("fn g() { return fail() }\nfor (let i = 0; i < 3; i = i + 1) { g() }"));
        Assert.IsType<FormatException>(e.InnerException);
    }

    [Fact]
    public void InvokeExplainsMissingAndNonFunctionGlobals()
    {
        using var engine = new SentraEngine();
        Assert.Contains("has not run a script yet", Assert.Throws<InvalidOperationException>(() => engine.Invoke("main")).Message);
        engine.Run("let data = 1");
        Assert.Equal("cannot call 'data': it is a int, not a function", Assert.Throws<InvalidOperationException>(() => engine.Invoke("data")).Message);
    }
}
