namespace Sentra.Compilation;

/// <summary>
/// A constant's identity in the constant table: its boxed value, its .NET type (so 1 and
/// 1.0 stay apart) and, for floats, its exact bits (so 0.0 and -0.0 stay apart, and every
/// NaN is found again). Floats were keyed by a string of their bits, which a string literal
/// with the same text then shared: `"3ff8000000000000d"` compiled to the float 1.5.
/// The keys are objects, not a struct: the framework creates the default comparer of a
/// struct key by reflection at first use (even when given another comparer), and
/// precompiled code lacks its instantiation, which every start-up JIT-compiled.
/// </summary>
internal sealed class ConstKeyComparer : IEqualityComparer<object>
{
    public static readonly ConstKeyComparer Instance = new();

    public new bool Equals(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (not null, not null) => a.GetType() == b.GetType() && a.Equals(b),
        _ => false,
    };

    public int GetHashCode(object k) => k is double d ? BitConverter.DoubleToInt64Bits(d).GetHashCode() : k.GetHashCode();
}
