using Sentra.Hosting;
using Sentra.Jit.Tiering;

namespace Sentra.Tests.Corpus;

/// <summary>
/// The execution tiers every script runs on: the interpreter alone, the JIT compiling
/// eagerly, the tiered default, and the deopt-stress tier (eager compilation with guards that
/// fail on purpose). This is the one list to extend when a tier arrives, so every corpus
/// script gains the new dimension without any other change.
/// </summary>
public static class Tiers
{
    public static readonly string[] All = ["interp", "jit", "tiered", "stress"];

    /// <summary>One backend per compiling tier for the whole test run: compiled code is shared across engines, as in a host.</summary>
    private static readonly Dictionary<string, JitBackend> s_backends = new()
    {
        ["jit"] = new JitBackend(Tier.Jit),
        ["tiered"] = new JitBackend(Tier.Tiered, new JitOptions { CallThreshold = 2, BackgroundCompilation = false }),
        ["stress"] = new JitBackend(Tier.DeoptStress),
    };

    public static Tier TierOf(string tier) => tier switch
    {
        "interp" => Tier.Interpreter,
        "jit" => Tier.Jit,
        "tiered" => Tier.Tiered,
        "stress" => Tier.DeoptStress,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown tier"),
    };

    /// <summary>The backend of a compiling tier (null for the interpreter).</summary>
    public static JitBackend? Backend(string tier) => s_backends.GetValueOrDefault(tier);

    public static EngineOptions Options(string tier, TextWriter output, string scriptPath) => new()
    {
        Tier = TierOf(tier),
        TierBackend = Backend(tier),
        Output = output,
        ModuleResolver = new Execution.FileModuleResolver(scriptPath),
        AllowFileAccess = true,
        Limits = new Execution.ExecutionLimits { Timeout = TimeSpan.FromSeconds(60) },
    };
}
