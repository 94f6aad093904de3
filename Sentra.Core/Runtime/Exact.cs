using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>
/// Type tests for sealed runtime types as one method-table compare. Precompiled
/// (ReadyToRun) code calls a helper for every <c>is</c> test while JIT-compiled code inlines
/// it; these forms are inline in both. For a sealed <c>T</c> they mean exactly <c>is T</c>.
/// </summary>
internal static class Exact
{
    /// <summary><c>o as T</c> for a sealed <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? As<T>(object? o) where T : class =>
        o is not null && o.GetType() == typeof(T) ? Unsafe.As<T>(o) : null;

    /// <summary><c>o is T</c> for a sealed <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is<T>(object? o) where T : class => o is not null && o.GetType() == typeof(T);
}
