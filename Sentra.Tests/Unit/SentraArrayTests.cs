using Sentra.Runtime;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// Packed storage (ints, floats, bools): when an array is packed, when it turns general, and
/// that every element reads back bit for bit either way. The script corpus
/// (regression/packed_arrays.sn) checks the same through the language.
/// </summary>
public sealed class SentraArrayTests
{
    private static Value[] Elements(SentraArray a)
    {
        var r = new Value[a.Count];
        for (int i = 0; i < a.Count; i++) r[i] = a[i];
        return r;
    }

    private static void SameBits(Value expected, Value actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.RawBits, actual.RawBits);
        Assert.Same(expected.RawObj, actual.RawObj);
    }

    [Fact]
    public void FillPacksIntsFloatsBoolsAndNils()
    {
        Assert.True(SentraArray.Filled(3, Value.FromInt(7)).IsPacked);
        Assert.True(SentraArray.Filled(3, Value.FromFloat(0.5)).IsPacked);
        Assert.True(SentraArray.Filled(3, Value.True).IsPacked);
        Assert.True(SentraArray.Filled(3, Value.Nil).IsPacked);
        Assert.False(SentraArray.Filled(3, Value.FromString("s")).IsPacked);
        Assert.All(Elements(SentraArray.Filled(5, Value.FromInt(-3))), v => SameBits(Value.FromInt(-3), v));
        Assert.All(Elements(SentraArray.Filled(5, Value.False)), v => SameBits(Value.False, v));
        Assert.All(Elements(SentraArray.Filled(5, Value.FromFloat(-0.0))), v => SameBits(Value.FromFloat(-0.0), v));
    }

    [Fact]
    public void FloatsKeepTheirBits()
    {
        var specials = new[] { double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, 1e308 };
        var values = specials.Select(Value.FromFloat).ToArray();
        var a = SentraArray.PackedIfUniform(values);
        Assert.True(a.IsPacked);
        for (int i = 0; i < values.Length; i++) SameBits(values[i], a[i]);
    }

    [Fact]
    public void UniformResultsPackAndMixedOnesDoNot()
    {
        Assert.True(SentraArray.PackedIfUniform([Value.FromInt(1), Value.FromInt(2)]).IsPacked);
        Assert.False(SentraArray.PackedIfUniform([Value.FromInt(1), Value.FromFloat(2)]).IsPacked);
        Assert.False(SentraArray.PackedIfUniform([Value.FromInt(1), Value.Nil]).IsPacked);
        Assert.False(SentraArray.PackedIfUniform([]).IsPacked);
        // literals and other copies stay general (not worth a scan)
        Assert.False(new SentraArray((ReadOnlySpan<Value>)[Value.FromInt(1), Value.FromInt(2)]).IsPacked);
    }

    [Fact]
    public void AnEmptyArrayTakesItsFirstElementsKind()
    {
        var a = new SentraArray();
        a.Add(Value.FromInt(1));
        Assert.True(a.IsPacked);
        for (int i = 2; i <= 100; i++) a.Add(Value.FromInt(i)); // growth stays packed
        Assert.True(a.IsPacked);
        Assert.Equal(100, a.Count);
        Assert.Equal(5050, Elements(a).Sum(v => v.AsInt));

        var s = new SentraArray();
        s.Add(Value.FromString("x"));
        Assert.False(s.IsPacked);
        // an array created with room (a builtin that fills it) stays general
        var sized = new SentraArray(4);
        sized.Add(Value.FromInt(1));
        Assert.False(sized.IsPacked);
    }

    [Fact]
    public void AnotherKindTurnsTheArrayGeneralAndKeepsEveryElement()
    {
        var stores = new (string Name, Action<SentraArray> Store, Value[] Expected)[]
        {
            ("set", a => a.SetInRange(1, Value.FromString("s")), [Value.FromInt(0), Value.FromString("s"), Value.FromInt(2)]),
            ("set float", a => a[2] = Value.FromFloat(2), [Value.FromInt(0), Value.FromInt(1), Value.FromFloat(2)]),
            ("add nil", a => a.Add(Value.Nil), [Value.FromInt(0), Value.FromInt(1), Value.FromInt(2), Value.Nil]),
            ("set past the end", a => a.Set(4, Value.FromInt(4)), [Value.FromInt(0), Value.FromInt(1), Value.FromInt(2), Value.Nil, Value.FromInt(4)]),
            ("insert", a => a.Insert(0, Value.True), [Value.True, Value.FromInt(0), Value.FromInt(1), Value.FromInt(2)]),
            ("items", a => a.Items[0] = Value.FromString("w"), [Value.FromString("w"), Value.FromInt(1), Value.FromInt(2)]),
        };
        foreach (var (name, store, expected) in stores)
        {
            var a = SentraArray.OfInts([0, 1, 2], 3);
            store(a);
            Assert.False(a.IsPacked, name);
            var actual = Elements(a);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) SameBits(expected[i], actual[i]);
        }
    }

    [Fact]
    public void SameKindStoresAndReorderingsStayPacked()
    {
        var a = SentraArray.OfInts([5, 3, 9, 1], 4);
        a.SetInRange(0, Value.FromInt(4));
        a.Set(4, Value.FromInt(0)); // append at Count
        a.Insert(1, Value.FromInt(7));
        Assert.Equal(Value.FromInt(3), a.RemoveAt(2));
        a.Reverse();
        Assert.True(a.IsPacked);
        Assert.Equal([0L, 1, 9, 7, 4], Elements(a).Select(v => v.AsInt));
        Assert.True(a.TrySortInts());
        Assert.Equal([0L, 1, 4, 7, 9], Elements(a).Select(v => v.AsInt));
        var slice = a.Slice(1, 3);
        Assert.True(slice.IsPacked);
        Assert.Equal([1L, 4, 7], Elements(slice).Select(v => v.AsInt));
        Assert.False(SentraArray.Filled(2, Value.True).TrySortInts());
    }

    [Fact]
    public void AllNilArraysHaveNoStorageUntilAStore()
    {
        var literal = new SentraArray((ReadOnlySpan<Value>)[Value.Nil, Value.Nil]);
        var filled = SentraArray.Filled(3, Value.Nil);
        Assert.True(literal.IsPacked);
        Assert.True(filled.IsPacked);
        Assert.All(Elements(filled), v => Assert.True(v.IsNil));
        Assert.Equal(3, filled.Count);
        // a store of anything turns it general, the other elements still nil
        literal.SetInRange(1, Value.FromInt(5));
        Assert.False(literal.IsPacked);
        Assert.True(literal[0].IsNil);
        Assert.Equal(5, literal[1].AsInt);
        filled.Add(Value.True);
        Assert.False(filled.IsPacked);
        Assert.Equal(4, filled.Count);
        Assert.True(filled[3].AsBool);
        // removing and reordering nils keeps it storage-free
        var nils = SentraArray.Filled(4, Value.Nil);
        Assert.True(nils.RemoveAt(2).IsNil);
        nils.Reverse();
        Assert.True(nils.IsPacked);
        Assert.Equal(3, nils.Count);
        Assert.Equal(2, nils.Slice(1, 2).Count);
        Assert.True(nils.Slice(1, 2).IsPacked);
        // a mixed literal is general
        Assert.False(new SentraArray((ReadOnlySpan<Value>)[Value.Nil, Value.FromInt(1)]).IsPacked);
    }

    [Fact]
    public void ReadsOutOfRangeAreNil()
    {
        var a = SentraArray.Filled(2, Value.True);
        Assert.True(a.Get(-1).IsNil);
        Assert.True(a.Get(2).IsNil);
        Assert.True(a.Get(long.MaxValue).IsNil);
        SameBits(Value.True, a.Get(1));
    }

    /// <summary>
    /// Queue operations (removing and adding in front, which give an array a window on its
    /// storage) mixed at random with every other operation, on every kind of storage, against
    /// a list doing the same: the elements read back bit for bit after each step.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void QueueOperationsMatchAList(int seed)
    {
        var rng = new Random(seed);
        Value[] kinds = [Value.FromInt(5), Value.FromFloat(-0.0), Value.True, Value.Nil, Value.FromString("s")];
        Value Pick(int kind, int i) => kind switch
        {
            0 => Value.FromInt(i),
            1 => Value.FromFloat(i + 0.5),
            2 => Value.FromBool(i % 2 == 0),
            3 => Value.Nil,
            _ => Value.FromString("v" + i),
        };
        for (int round = 0; round < 40; round++)
        {
            // mostly one kind (so packed storage lasts a while), sometimes another
            int kind = rng.Next(kinds.Length);
            var start = Enumerable.Range(0, rng.Next(40)).Select(i => Pick(kind, i)).ToArray();
            var a = kind == 4 ? new SentraArray((ReadOnlySpan<Value>)start) : SentraArray.PackedIfUniform(start);
            if (start.Length > 0 && kind == 3) a = SentraArray.Filled(start.Length, Value.Nil);
            var model = start.ToList();
            for (int step = 0; step < 300; step++)
            {
                int n = model.Count;
                var v = Pick(rng.Next(10) == 0 ? rng.Next(kinds.Length) : kind, step);
                switch (rng.Next(12))
                {
                    case 0 or 1 or 2: // shift
                        if (n > 0) SameBits(model[0], a.RemoveAt(0));
                        if (n > 0) model.RemoveAt(0);
                        break;
                    case 3 or 4: a.Insert(0, v); model.Insert(0, v); break; // unshift
                    case 5 or 6: a.Add(v); model.Add(v); break; // push
                    case 7: // pop, or remove from the middle
                        if (n == 0) break;
                        int at = rng.Next(2) == 0 ? n - 1 : rng.Next(n);
                        SameBits(model[at], a.RemoveAt(at));
                        model.RemoveAt(at);
                        break;
                    case 8: // store in range or beyond the end
                        int i = rng.Next(n + 3);
                        a.Set(i, v);
                        while (model.Count <= i) model.Add(Value.Nil);
                        model[i] = v;
                        break;
                    case 9: // insert anywhere
                        int j = rng.Next(n + 1);
                        a.Insert(j, v);
                        model.Insert(j, v);
                        break;
                    case 10: // read-only copies
                        if (n > 0)
                        {
                            int from = rng.Next(n);
                            var slice = a.Slice(from, n - from);
                            Assert.Equal(n - from, slice.Count);
                            for (int k = from; k < n; k++) SameBits(model[k], slice[k - from]);
                        }
                        break;
                    default: // in-place whole-array operations
                        if (rng.Next(3) == 0) { a.Reverse(); model.Reverse(); }
                        else if (rng.Next(2) == 0 && a.TrySortInts()) model.Sort((x, y) => x.AsInt.CompareTo(y.AsInt));
                        else if (rng.Next(20) == 0) { a.Clear(); model.Clear(); }
                        break;
                }
                Assert.Equal(model.Count, a.Count);
                for (int k = 0; k < model.Count; k++)
                {
                    SameBits(model[k], a[k]);
                    SameBits(model[k], a.Get(k));
                }
                Assert.True(a.Get(-1).IsNil);
                Assert.True(a.Get(model.Count).IsNil);
            }
            // the span view (which turns the array general) holds the same elements
            var items = a.Items;
            Assert.Equal(model.Count, items.Length);
            for (int k = 0; k < model.Count; k++) SameBits(model[k], items[k]);
        }
    }

    [Fact]
    public void ShiftingAndUnshiftingKeepPackedStorage()
    {
        var a = SentraArray.PackedIfUniform(Enumerable.Range(0, 100).Select(i => Value.FromInt(i)).ToArray());
        for (int i = 0; i < 50; i++) SameBits(Value.FromInt(i), a.RemoveAt(0));
        for (int i = 0; i < 70; i++) a.Insert(0, Value.FromInt(-i));
        for (int i = 0; i < 30; i++) a.Add(Value.FromInt(1000 + i));
        Assert.True(a.IsPacked);
        Assert.Equal(150, a.Count);
        SameBits(Value.FromInt(-69), a[0]);
        SameBits(Value.FromInt(50), a[70]);
        SameBits(Value.FromInt(1029), a[149]);
    }
}
