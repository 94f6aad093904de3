using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sentra.Jit.Emit;

/// <summary>
/// Element reads without a bounds check, for arrays whose length the compiler knows covers
/// the index it emits: a unit's objects (the compiler appends every object it refers to) and
/// a proto's inline caches (one entry per instruction). Inlined into the compiled method.
/// </summary>
internal static class Unchecked
{
    /// <summary>The inline-cache entry of the instruction at <paramref name="pc"/> (pc &lt; the code's length, the caches' length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref int CacheAt(int[] cache, int pc) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(cache), pc);

    /// <summary>Object <paramref name="index"/> of a unit (an index the compiler added).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object ObjectAt(object[] objects, int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(objects), index);
}
