using Sentra.Builtins;
using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// map, filter, reduce and each through <see cref="IRuntime.CallEach"/>: the interface's own
/// loop of <see cref="IRuntime.Call"/> (what a runtime other than the interpreter gets) gives
/// the same answers as the interpreter's in-frame loop, which the script corpus checks
/// (regression/callback_loops.sn).
/// </summary>
public sealed class CallbackLoopTests
{
    /// <summary>A runtime whose every call goes to one host function, with CallEach left to the interface.</summary>
    private sealed class HostRuntime(Func<Value[], Value> fn) : IRuntime
    {
        public readonly List<Value[]> Calls = [];
        public Value Call(Value callee, ReadOnlySpan<Value> args)
        {
            var copy = args.ToArray();
            Calls.Add(copy);
            return fn(copy);
        }
        public TextWriter Out => TextWriter.Null;
        public bool AllowFileAccess => false;
        public Random Random { get; } = new(1);
    }

    private static Value Run(IRuntime rt, string builtin, params Value[] args) => BuiltinRegistry.Get(builtin)!.Invoke(rt, args);

    private static Value Ints(params long[] xs) => Value.FromObject(SentraArray.OfInts(xs, xs.Length));

    private static readonly Value AnyFunction = Value.FromObject(BuiltinRegistry.Get("len")!);

    [Fact]
    public void MapFilterReduceAndEachCallOncePerElementInOrder()
    {
        var rt = new HostRuntime(a => Value.FromInt(a[^1].AsInt * 10));
        Assert.Equal("[10, 20, 30]", ValueFormatter.ToDisplayString(Run(rt, "map", Ints(1, 2, 3), AnyFunction)));
        Assert.Equal([1L, 2, 3], rt.Calls.Select(c => c.Single().AsInt));

        var odd = new HostRuntime(a => Value.FromBool(a[0].AsInt % 2 == 1));
        Assert.Equal("[1, 3]", ValueFormatter.ToDisplayString(Run(odd, "filter", Ints(1, 2, 3, 4), AnyFunction)));

        var sum = new HostRuntime(a => Value.FromInt(a[0].AsInt + a[1].AsInt));
        Assert.Equal(106, Run(sum, "reduce", Ints(1, 2, 3), AnyFunction, Value.FromInt(100)).AsInt);
        Assert.Equal([(100L, 1L), (101, 2), (103, 3)], sum.Calls.Select(c => (c[0].AsInt, c[1].AsInt)));

        var each = new HostRuntime(a => Value.Nil);
        Assert.True(Run(each, "each", Ints(5, 6), AnyFunction).IsNil);
        Assert.Equal(2, each.Calls.Count);
    }

    [Fact]
    public void ACallbackThatShrinksTheArrayEndsTheRun()
    {
        var arr = SentraArray.OfInts([1, 2, 3, 4], 4);
        var rt = new HostRuntime(a =>
        {
            if (a[0].AsInt == 2) { arr.RemoveAt(3); arr.RemoveAt(2); }
            return a[0];
        });
        Assert.Equal("[1, 2]", ValueFormatter.ToDisplayString(Run(rt, "map", Value.FromObject(arr), AnyFunction)));
    }
}
