using System.Reflection;
using System.Runtime.InteropServices;

namespace Sentra.Cli;

/// <summary>
/// Where the CLI's <c>[DllImport("libc")]</c> calls (huge pages, standard streams) bind.
/// .NET's default probing for "libc" tries <c>libc.so</c> and <c>liblibc.so</c> in the
/// application directory and the system's library directories first; on glibc systems
/// <c>libc.so</c> is a linker script that <c>dlopen</c> reads and rejects. On Linux the CLI
/// binds to <c>libc.so.6</c>, already loaded in every glibc process, and otherwise (musl,
/// macOS) leaves the default probing in place.
/// </summary>
internal static class Libc
{
    public const string Name = "libc";

    /// <summary>Where the CLI calls libc itself (elsewhere it keeps .NET's own I/O).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Installs the resolver for this assembly (once, before the first call).</summary>
    public static void Register() => NativeLibrary.SetDllImportResolver(typeof(Libc).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Name && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out nint handle) ? handle : 0;
}
