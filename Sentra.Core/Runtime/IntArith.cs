using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>
/// 64-bit int arithmetic that reports overflow instead of wrapping (SPEC: an int result that
/// does not fit becomes a float). One definition for ValueOps and every fast path of the
/// dispatch loop; inlined, so the callers compile to the same few instructions.
/// </summary>
public static class IntArith
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryAdd(long x, long y, out long r)
    {
        r = x + y;
        return ((x ^ r) & (y ^ r)) >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySub(long x, long y, out long r)
    {
        r = x - y;
        return ((x ^ y) & (x ^ r)) >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMul(long x, long y, out long r)
    {
        long hi = Math.BigMul(x, y, out r);
        return (hi == 0 && r >= 0) || (hi == -1 && r < 0);
    }
}
