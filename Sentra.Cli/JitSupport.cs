using System.Runtime.CompilerServices;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Tiering;

namespace Sentra.Cli;

/// <summary>
/// Everything the CLI does with Sentra.Jit, behind methods that are not inlined: a run on the
/// interpreter tier never loads the JIT's assembly (nor System.Reflection.Emit).
/// </summary>
internal static class JitSupport
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ITierBackend CreateBackend(Tier tier, int? threshold, TextWriter? dumpIL, bool background = false) =>
        new JitBackend(tier, new JitOptions
        {
            CallThreshold = threshold ?? new JitOptions().CallThreshold,
            DumpIL = dumpIL,
            BackgroundCompilation = background,
        });

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Report(ITierBackend backend) => ((JitBackend)backend).Report();
}
