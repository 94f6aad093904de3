using System.Runtime.InteropServices;

namespace Sentra.Cli;

/// <summary>
/// Standard output and error as plain <c>write(2)</c> streams over file descriptors 1 and 2
/// on Linux and macOS.
///
/// <see cref="Console.OpenStandardOutput()"/> on Unix initializes the terminal on its first
/// write: it creates <see cref="Console.Out"/>, installs terminal and signal handling and
/// reads the terminfo database, even when output goes to a pipe or a file. That cost 2.3 ms
/// of a 75 ms hello world (docs/performance.md, "Start-up"), and the CLI uses none of it
/// (it never reads keys, moves the cursor or sets colors). A <see cref="FileStream"/> is not a
/// substitute: on a seekable file it writes at its own offset (<c>pwrite</c>), so output
/// shared with other processes (<c>(sentra run a.sn; sentra run b.sn) &gt; out</c>) would
/// overwrite itself. <see cref="DescriptorStream"/> makes the same system call as the console
/// stream, with the same handling of a closed pipe, and nothing else. Windows, or a libc that
/// cannot be called, keep the console streams.
/// </summary>
internal static class StandardStreams
{
    /// <summary>Standard output; <paramref name="closed"/> is called when its reader has gone (a closed pipe).</summary>
    public static Stream Output(Action? closed = null) => Open(1, closed) ?? Console.OpenStandardOutput();

    public static Stream Error() => Open(2, null) ?? Console.OpenStandardError();

    private static Stream? Open(int descriptor, Action? closed)
    {
        if (!Libc.IsAvailable) return null;
        try
        {
            return DescriptorStream.Probe(descriptor) ? new DescriptorStream(descriptor, closed) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>
/// A write-only stream over an inherited file descriptor (not owned: never closed), written
/// with <c>write(2)</c> as the .NET console streams write: partial writes and interrupted
/// calls are retried, a descriptor in non-blocking mode is waited for, and once the reader
/// of a pipe has gone (EPIPE) further output is dropped silently, and <c>closed</c> is called
/// once (the CLI stops the script: nobody reads what it writes). Other errors surface as
/// <see cref="IOException"/>.
/// </summary>
internal sealed class DescriptorStream(int descriptor, Action? closed = null) : Stream
{
    private const int Interrupted = 4;   // EINTR
    private const int WouldBlock = 11;   // EAGAIN on Linux (35 on macOS)
    private const int WouldBlockMac = 35;
    private const int BrokenPipe = 32;   // EPIPE on Linux and macOS

    /// <summary>Bytes per system call; output is copied through a pinned buffer of this size.</summary>
    private const int Chunk = 1 << 16;

    // Only blittable arguments and no SetLastError, so ReadyToRun precompiles the call (a
    // `ref` argument or SetLastError needs a marshalling stub, JIT-compiled at the first
    // write; docs/performance.md, "Start-up"). errno is read right after
    // the call, the way the LibraryImport source generator does it.
    [DllImport(Libc.Name, EntryPoint = "write")]
    private static extern nint Write(int fd, nint buffer, nint count);

    private readonly byte[] _buffer = GC.AllocateArray<byte>(Chunk, pinned: true);
    private bool _broken;

    /// <summary>Whether the descriptor accepts writes (a zero-length write sends nothing).</summary>
    public static bool Probe(int descriptor) => Call(descriptor, 0, 0, out _) == 0;

    private static nint Call(int descriptor, nint buffer, nint count, out int errno)
    {
        Marshal.SetLastSystemError(0);
        nint written = Write(descriptor, buffer, count);
        errno = Marshal.GetLastSystemError();
        return written;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        nint pinned = Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, 0);
        int pending = 0, at = 0;
        while (!_broken)
        {
            if (at == pending)
            {
                if (buffer.IsEmpty) return;
                pending = Math.Min(buffer.Length, Chunk);
                buffer[..pending].CopyTo(_buffer);
                buffer = buffer[pending..];
                at = 0;
            }
            nint written = Call(descriptor, pinned + at, pending - at, out int errno);
            if (written >= 0)
            {
                at += (int)written;
                continue;
            }
            if (errno == Interrupted) continue;
            if (errno is WouldBlock or WouldBlockMac)
            {
                Thread.Sleep(1); // non-blocking descriptor: wait for room
                continue;
            }
            if (errno == BrokenPipe)
            {
                _broken = true;
                closed?.Invoke();
                return;
            }
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
    }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
