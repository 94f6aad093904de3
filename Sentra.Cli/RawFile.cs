using System.Runtime.InteropServices;
using System.Text;

namespace Sentra.Cli;

/// <summary>
/// Reads the files the CLI reads at every start (the script, and the huge-page set-up's
/// system files) with <c>open</c>/<c>read</c>/<c>close</c> on Linux and macOS.
///
/// The first file .NET opens in a process costs about 3 ms of a 55 ms hello world
/// (docs/performance.md, "Start-up"): the framework creates the file handle through
/// <see cref="Activator"/>, whose cache code cannot be precompiled, so it loads the JIT and
/// compiles that code on the main thread. These calls take only blittable arguments and are
/// precompiled. Anything unusual falls back to <see cref="File.ReadAllText(string)"/>
/// (<see cref="ReadAllText"/> does that when <see cref="TryReadAllText"/> declines), so errors, messages and encodings other
/// than UTF-8 stay exactly .NET's.
/// </summary>
internal static class RawFile
{
    private const int ReadOnlyCloseOnExecLinux = 0x80000;  // O_RDONLY | O_CLOEXEC
    private const int ReadOnlyCloseOnExecMac = 0x1000000;
    private const int Chunk = 1 << 16;

    [DllImport(Libc.Name, EntryPoint = "open")]
    private static extern int Open(nint path, int flags);

    [DllImport(Libc.Name, EntryPoint = "read")]
    private static extern nint Read(int fd, nint buffer, nint count);

    [DllImport(Libc.Name, EntryPoint = "close")]
    private static extern int Close(int fd);

    /// <summary>The file's text, as <see cref="File.ReadAllText(string)"/> gives it (and with its errors).</summary>
    public static string ReadAllText(string path) => TryReadAllText(path) ?? File.ReadAllText(path);

    /// <summary>
    /// The file's text if it is UTF-8 (with or without a byte order mark) and could be read,
    /// decoded as <see cref="File.ReadAllText(string)"/> would; null otherwise (then
    /// File.ReadAllText reports the error or decodes the other encodings).
    /// </summary>
    public static string? TryReadAllText(string path)
    {
        if (!Libc.IsAvailable || path.Length == 0 || path.Contains('\0')) return null;
        try
        {
            byte[]? bytes = ReadAllBytes(path);
            if (bytes is null) return null;
            ReadOnlySpan<byte> data = bytes;
            // a UTF-16 or UTF-32 byte order mark: File.ReadAllText decodes those
            if (data.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
                || data.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return null;
            if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) data = data[3..];
            return Encoding.UTF8.GetString(data);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The file's bytes; null when it cannot be opened or read (Linux and macOS only).</summary>
    internal static byte[]? ReadAllBytes(string path)
    {
        var name = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(path) + 1, pinned: true);
        Encoding.UTF8.GetBytes(path, name);
        int fd = Open(Marshal.UnsafeAddrOfPinnedArrayElement(name, 0),
            OperatingSystem.IsLinux() ? ReadOnlyCloseOnExecLinux : ReadOnlyCloseOnExecMac);
        if (fd < 0) return null;
        try
        {
            var chunk = GC.AllocateArray<byte>(Chunk, pinned: true);
            nint at = Marshal.UnsafeAddrOfPinnedArrayElement(chunk, 0);
            var all = new MemoryStream();
            while (true)
            {
                nint n = Read(fd, at, Chunk);
                if (n == 0) return all.ToArray();
                if (n < 0) return null; // interrupted, a directory, an I/O error: .NET decides
                all.Write(chunk, 0, (int)n);
            }
        }
        finally
        {
            Close(fd);
        }
    }
}
