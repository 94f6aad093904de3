using System.Runtime.InteropServices;

namespace Sentra.Cli;

/// <summary>
/// Stops a running script from outside it: when the reader of standard output has gone (a
/// closed pipe, as in <c>sentra run loop.sn | head -1</c>) or on SIGINT or SIGTERM. Each
/// cancels the run's token, so the script ends at its next poll (as a host's cancellation
/// ends it, with nothing it can catch), what it wrote is flushed, and the CLI exits with the
/// status a shell reports for a process the signal ended (141, 130, 143), quietly. A second
/// SIGINT or SIGTERM ends the process at once, the default way.
/// </summary>
internal sealed class RunStop : IDisposable
{
    /// <summary>128 + SIGPIPE: output into a closed pipe.</summary>
    public const int BrokenPipe = 141;
    /// <summary>128 + SIGINT.</summary>
    public const int Interrupted = 130;
    /// <summary>128 + SIGTERM.</summary>
    public const int Terminated = 143;

    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _status;

    /// <summary>The token the run's limits watch.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The exit status of the stop that was requested (0 while none was).</summary>
    public int ExitStatus => Volatile.Read(ref _status);

    /// <summary>Stops the run with the given exit status (the first request wins).</summary>
    public void Request(int status)
    {
        if (Interlocked.CompareExchange(ref _status, status, 0) == 0) _cancel.Cancel();
    }

    /// <summary>Standard output's reader went away: nothing the script writes can be read any more.</summary>
    public void OutputClosed() => Request(BrokenPipe);

    /// <summary>Turns SIGINT and SIGTERM into stop requests (for the duration of a run).</summary>
    public void HandleSignals()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser()) return;
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, Interrupted)));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, Terminated)));
    }

    private void OnSignal(PosixSignalContext context, int status)
    {
        // the first signal stops the script and lets the CLI flush; a second one (the script
        // did not stop) takes the default action
        if (ExitStatus != 0) return;
        context.Cancel = true;
        Request(status);
    }

    public void Dispose()
    {
        foreach (var s in _signals) s.Dispose();
        _signals.Clear();
    }
}
