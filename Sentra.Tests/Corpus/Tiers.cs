using Sentra.Hosting;

namespace Sentra.Tests.Corpus;

/// <summary>
/// The execution tiers every script runs on. This is the one list to extend when a tier
/// arrives (the JIT adds "jit", "tiered" and "deopt-stress"), so every corpus script gains the
/// new dimension without any other change.
/// </summary>
public static class Tiers
{
    public static readonly string[] All = ["interp"];

    public static EngineOptions Options(string tier, TextWriter output, string scriptPath) => tier switch
    {
        "interp" => new EngineOptions
        {
            Tier = Tier.Interpreter,
            Output = output,
            ModuleResolver = new Execution.FileModuleResolver(scriptPath),
            AllowFileAccess = true,
            Limits = new Execution.ExecutionLimits { Timeout = TimeSpan.FromSeconds(60) },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown tier"),
    };
}
