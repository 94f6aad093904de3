using System.Runtime.CompilerServices;

namespace Sentra.Syntax;

/// <summary>
/// How the front end honours a host's timeout and cancellation: each phase calls
/// <see cref="Poll"/> per statement, expression or chain link, and the token is read once
/// per <see cref="Interval"/> calls (a decrement per node otherwise). One instance is shared
/// by the phases of one compilation.
/// </summary>
internal sealed class CancellationPoll(CancellationToken token)
{
    private const int Interval = 1024;
    private int _countdown = Interval;

    /// <summary>A poll that never cancels.</summary>
    public static CancellationPoll None => new(CancellationToken.None);

    /// <summary>Throws <see cref="OperationCanceledException"/> when cancellation was requested (checked once per <see cref="Interval"/> calls).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Poll()
    {
        if (--_countdown <= 0) Check();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Check()
    {
        _countdown = Interval;
        token.ThrowIfCancellationRequested();
    }
}
