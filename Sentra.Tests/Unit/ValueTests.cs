using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>The value representation: kinds told by the reference, tags outside the GC heap.</summary>
public sealed class ValueTests
{
    [Fact]
    public void PublicAccessorsRefuseAnotherKind()
    {
        Assert.Equal(42, Value.FromInt(42).AsInt);
        Assert.Equal(2.5, Value.FromFloat(2.5).AsFloat);
        Assert.Equal("hello", Value.FromString("hello").AsString);
        var e = Assert.Throws<InvalidCastException>(() => Value.FromInt(42).AsFloat);
        Assert.Equal("the value is int, not a float", e.Message);
        Assert.Throws<InvalidCastException>(() => Value.FromString("hello").AsArray);
        Assert.Throws<InvalidCastException>(() => Value.Nil.AsInt);
        Assert.Throws<InvalidCastException>(() => Value.FromInt(1).AsBool);
        Assert.Throws<InvalidCastException>(() => Value.FromInt(1).AsString);
        Assert.Throws<InvalidCastException>(() => Value.FromString("x").AsMap);
    }

    [Fact]
    public void EveryKindIsToldFromTheReference()
    {
        Assert.Equal(ValueKind.Nil, Value.Nil.Kind);
        Assert.Equal(ValueKind.Int, Value.FromInt(-7).Kind);
        Assert.Equal(ValueKind.Float, Value.FromFloat(0.5).Kind);
        Assert.Equal(ValueKind.Bool, Value.False.Kind);
        Assert.Equal(ValueKind.Undefined, Value.Undefined.Kind);
        Assert.Equal(ValueKind.String, Value.FromString("s").Kind);
        Assert.Equal(ValueKind.Array, Value.FromObject(new SentraArray()).Kind);
        Assert.Equal(ValueKind.Map, Value.FromObject(new SentraMap()).Kind);
        // tags are no host-visible objects, and no two kinds share one
        Assert.Null(Value.FromInt(1).Obj);
        Assert.Null(Value.True.Obj);
        Assert.Equal("s", Value.FromString("s").Obj);
        var tags = new[] { Value.IntTag, Value.FloatTag, Value.BoolTag, Value.UndefinedTag };
        Assert.Equal(4, tags.Distinct().Count());
        // truthiness of the unboxed kinds reads the payload
        Assert.False(Value.FromInt(0).IsTruthy);
        Assert.True(Value.FromInt(2).IsTruthy);
        Assert.False(Value.FromFloat(0.0).IsTruthy);
        Assert.True(Value.FromFloat(-0.5).IsTruthy);
    }

    [Fact]
    public void TagsLiveOutsideTheCollectedHeap()
    {
        // type objects are allocated on the frozen heap (generation int.MaxValue): a store of
        // a tag takes the write barrier's first exit. Only speed depends on this, not answers
        foreach (var tag in new[] { Value.IntTag, Value.FloatTag, Value.BoolTag, Value.UndefinedTag })
            Assert.Equal(int.MaxValue, GC.GetGeneration(tag));
    }
}
