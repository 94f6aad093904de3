using Sentra.Execution;

namespace Sentra.Hosting;

/// <summary>
/// Execution tiers. Every tier but <see cref="Interpreter"/> needs a compiling backend in
/// <see cref="EngineOptions.TierBackend"/> (Sentra.Jit's <c>JitBackend</c>); all tiers give the
/// same results.
/// </summary>
public enum Tier
{
    /// <summary>The bytecode interpreter only.</summary>
    Interpreter,
    /// <summary>Compile every function at its first call and every loop at its first check.</summary>
    Jit,
    /// <summary>Interpret cold code; compile functions and loops once they are hot.</summary>
    Tiered,
    /// <summary>Testing: compile eagerly and make guards fail on purpose, finishing in the interpreter.</summary>
    DeoptStress,
}
