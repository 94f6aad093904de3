using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace Sentra.Cli;

/// <summary>
/// Ends the CLI's process once its output is flushed, without .NET's orderly shutdown
/// (Linux only; like clang's <c>-disable-free</c>, a short-lived process skips tearing
/// down what the operating system reclaims anyway).
/// </summary>
/// <remarks>
/// .NET's shutdown runs <c>AppDomain.ProcessExit</c> handlers (the CLI registers none) on
/// the finalizer thread, whose first managed call reads a thread static, and the first
/// thread-static access of a process loads the JIT to compile
/// <c>Thread.GetThreadStaticsBase</c>. A run that never needed the JIT (hello world, or any
/// script that ends before the loop tiers up) paid that load, and the rest of the shutdown,
/// after its last output: about 5 ms, 8% of a hello world (docs/performance.md,
/// "Start-up"). Runtime diagnostics that write their results at shutdown (EventPipe files, the
/// JIT's own output, perf maps, startup hooks, profilers) are switched on through the
/// environment; when any of them is set the process takes the orderly way out.
/// </remarks>
internal static class ProcessEnd
{
    [DllImport(Libc.Name, EntryPoint = "_exit")]
    private static extern void Exit(int status);

    /// <summary>Ends the process with <paramref name="code"/> where it can; otherwise returns it for Main to return.</summary>
    public static int Now(int code)
    {
        if (!OperatingSystem.IsLinux()) return code;
        try
        {
            // reading the environment calls libc too: inside the try, so that a libc the CLI
            // cannot bind (musl) means .NET's own exit, never an exception out of Main
            if (!DiagnosticsNeedShutdown(EnvironmentNames())) Exit(code);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // no libc to call: .NET's own exit below
        }
        return code;
    }

    /// <summary>
    /// The names in the process's environment, from <c>/proc/self/environ</c> (the
    /// environment the runtime read its settings from). <see cref="Environment.GetEnvironmentVariables()"/>
    /// copies every variable into a hashtable, 0.4 ms of cold code in a 45 ms hello world.
    /// </summary>
    internal static IEnumerable<string> EnvironmentNames()
    {
        var environ = RawFile.ReadAllBytes("/proc/self/environ");
        if (environ is null)
        {
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables()) yield return (string)entry.Key;
            yield break;
        }
        for (int start = 0; start < environ.Length;)
        {
            int end = Array.IndexOf(environ, (byte)0, start);
            if (end < 0) end = environ.Length;
            int equals = Array.IndexOf(environ, (byte)'=', start, end - start);
            yield return Encoding.UTF8.GetString(environ, start, (equals < 0 ? end : equals) - start);
            start = end + 1;
        }
    }

    /// <summary>The runtime settings, read from the environment, whose output is finished at shutdown.</summary>
    private static readonly string[] s_needShutdown = ["EnableEventPipe", "Jit", "PerfMap", "STARTUP_HOOKS"];

    /// <summary>Whether any of the environment variables <paramref name="names"/> switches on a runtime diagnostic that finishes its output at shutdown.</summary>
    internal static bool DiagnosticsNeedShutdown(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (name.StartsWith("CORECLR_", StringComparison.Ordinal)) return true;
            var knob = name.StartsWith("DOTNET_", StringComparison.Ordinal) ? name.AsSpan(7)
                : name.StartsWith("COMPlus_", StringComparison.Ordinal) ? name.AsSpan(8)
                : default;
            if (knob.IsEmpty) continue;
            foreach (var prefix in s_needShutdown)
            {
                if (knob.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }
}
