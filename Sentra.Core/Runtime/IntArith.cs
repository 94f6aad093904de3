using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>
/// 64-bit int arithmetic that reports overflow instead of wrapping (SPEC: an int result that
/// does not fit becomes a float). One definition for ValueOps and every fast path of the
/// dispatch loop; inlined, so the callers compile to the same few instructions.
/// </summary>
public static class IntArith
{
    /// <summary><paramref name="r"/> = x + y; false when the sum does not fit in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryAdd(long x, long y, out long r)
    {
        r = x + y;
        return ((x ^ r) & (y ^ r)) >= 0;
    }

    /// <summary><paramref name="r"/> = x - y; false when the difference does not fit in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySub(long x, long y, out long r)
    {
        r = x - y;
        return ((x ^ y) & (x ^ r)) >= 0;
    }

    /// <summary><paramref name="r"/> = x * y; false when the product does not fit in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMul(long x, long y, out long r)
    {
        // both operands within 32 bits (the usual case): the product fits in 64. Only beyond
        // that the 128-bit product is needed; Math.BigMul is a call in precompiled code, and
        // there it runs a four-multiply fallback (its instruction, MULX, is beyond the
        // baseline instruction set that precompiled code targets)
        r = unchecked(x * y);
        if (Fits32(x) && Fits32(y)) return true;
        return TryMulWide(x, y, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Fits32(long v) => (ulong)(v - int.MinValue) <= uint.MaxValue;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryMulWide(long x, long y, out long r)
    {
        long hi = Math.BigMul(x, y, out r);
        return (hi == 0 && r >= 0) || (hi == -1 && r < 0);
    }
}
