using System.Text;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>The print format of nested, shared and cyclic containers (SPEC 3.14), deep ones above all.</summary>
public sealed class ValueFormatterTests
{
    private static SentraArray Arr(params Value[] items) => new((ReadOnlySpan<Value>)items);

    private static SentraArray Nest(int depth, Value innermost)
    {
        var a = new SentraArray();
        a.Add(innermost);
        for (int i = 1; i < depth; i++)
        {
            var outer = new SentraArray();
            outer.Add(a);
            a = outer;
        }
        return a;
    }

    [Fact]
    public void ADeepArrayPrintsOnASmallStack()
    {
        // 1,000,000 levels on a 256 KB stack: the printer keeps its own stack of containers
        const int Depth = 1_000_000;
        var a = Nest(Depth, Value.FromInt(7));
        string? printed = null;
        var thread = new Thread(() => printed = ValueFormatter.ToDisplayString(a), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(printed);
        Assert.Equal(2 * Depth + 1, printed!.Length);
        Assert.Equal(new string('[', Depth) + "7" + new string(']', Depth), printed);
    }

    [Fact]
    public void ACycleFarDownPrintsAsEllipsisAndASharedContainerPrintsEachTime()
    {
        // levels past the short path array are tracked by a set: a cycle through level 5 from
        // level 60 is found there, and a container shared by two siblings is no cycle
        var shared = new SentraMap();
        shared.Set("k", Value.FromInt(1));
        var levels = new List<SentraArray>();
        var root = new SentraArray();
        levels.Add(root);
        for (int i = 1; i < 60; i++)
        {
            var next = new SentraArray();
            levels[^1].Add(next);
            levels.Add(next);
        }
        levels[^1].Add(levels[5]);
        levels[^1].Add(shared);
        levels[^1].Add(shared);
        var expected = new string('[', 60) + "[...], {k: 1}, {k: 1}" + new string(']', 60);
        Assert.Equal(expected, ValueFormatter.ToDisplayString(root));
        // and again: nothing of the first print is left in the set the thread keeps
        Assert.Equal(expected, ValueFormatter.ToDisplayString(root));
        Assert.Equal("[" + expected + ", " + expected + "]", ValueFormatter.ToDisplayString(Arr(root, root)));
    }

    [Fact]
    public void MapsAndArraysNestDeeplyInTurn()
    {
        Value v = Value.FromString("x");
        var expected = new StringBuilder("x");
        for (int i = 0; i < 1000; i++)
        {
            if (i % 2 == 0)
            {
                var m = new SentraMap();
                m.Set("a", Value.FromInt(i));
                m.Set("b", v);
                v = m;
                expected.Insert(0, "{a: " + i + ", b: ").Append('}');
            }
            else
            {
                v = Arr(v, Value.Nil);
                expected.Insert(0, '[').Append(", nil]");
            }
        }
        Assert.Equal(expected.ToString(), ValueFormatter.ToDisplayString(v));
    }

    [Fact]
    public void APrintStoppedByAnErrorLeavesNoContainerMarked()
    {
        // a print that fails deep inside a structure (here: a structure shared 2^40 times,
        // too large to print) must not leave its open containers marked for the next print
        Value bomb = Arr(Value.FromInt(1), Value.FromInt(2));
        for (int i = 0; i < 40; i++) bomb = Arr(bomb, bomb);
        var innermost = Arr(bomb);
        var root = innermost;
        for (int i = 1; i < 100; i++) root = Arr(root);
        Assert.Contains("too large", Assert.ThrowsAny<Exception>(() => ValueFormatter.ToDisplayString(root)).Message);
        innermost.Set(0, Value.FromInt(1));
        Assert.Equal(new string('[', 100) + "1" + new string(']', 100), ValueFormatter.ToDisplayString(root));
    }
}
