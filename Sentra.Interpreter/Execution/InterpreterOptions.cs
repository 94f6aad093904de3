namespace Sentra.Execution;

/// <summary>Hard limits a host sets on a run (DESIGN "the engine").</summary>
public sealed class ExecutionLimits
{
    /// <summary>Maximum nested Sentra calls (at most 10,000, SPEC 3.10).</summary>
    public int MaxCallDepth { get; init; } = Runtime.Limits.MaxCallDepth;
    /// <summary>Budget of loop iterations plus calls; null = unlimited.</summary>
    public long? MaxSteps { get; init; }
    /// <summary>Wall-clock limit for one run; null = none.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>
    /// Memory budget of one run in bytes; null = none. The run's thread's allocations are
    /// counted, and once they pass the budget a full collection measures how much the heap
    /// grew since the run began: the run ends if that exceeds the budget (RunBudget).
    /// </summary>
    public long? MaxMemory { get; init; }
    /// <summary>Cancels a run from another thread.</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>Options of an <see cref="Interpreter"/>.</summary>
public sealed class InterpreterOptions
{
    public TextWriter? Output { get; init; }
    public ExecutionLimits Limits { get; init; } = new();
    public IModuleResolver? ModuleResolver { get; init; }
    public bool AllowFileAccess { get; init; }
    /// <summary>Whether os.env may read environment variables.</summary>
    public bool AllowEnvironment { get; init; }
    /// <summary>What os.args returns.</summary>
    public IReadOnlyList<string> ScriptArguments { get; init; } = [];
    public int? RandomSeed { get; init; }
    public int InitialStackSize { get; init; } = 4096;
    /// <summary>The compiling tier, if any (null: interpret everything).</summary>
    public ITierBackend? TierBackend { get; init; }
}
