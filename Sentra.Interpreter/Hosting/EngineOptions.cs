using Sentra.Execution;
using Sentra.Runtime;

namespace Sentra.Hosting;

/// <summary>Options of a <see cref="SentraEngine"/>.</summary>
public sealed class EngineOptions
{
    public Tier Tier { get; init; } = Tier.Interpreter;
    /// <summary>
    /// The compiling tier's backend (for example <c>new Sentra.Jit.JitBackend(tier)</c>); required
    /// by every <see cref="Tier"/> but <see cref="Tier.Interpreter"/>, ignored by that one. One
    /// backend may serve many engines on many threads.
    /// </summary>
    public ITierBackend? TierBackend { get; init; }
    /// <summary>Where log/print write (default: nothing).</summary>
    public TextWriter? Output { get; init; }
    public ExecutionLimits Limits { get; init; } = new();
    /// <summary>How imports find files; null disables file modules (built-in modules still work).</summary>
    public IModuleResolver? ModuleResolver { get; init; }
    /// <summary>Scripts may read and write files (off by default for hosts; the CLI turns it on).</summary>
    public bool AllowFileAccess { get; init; }
    /// <summary>Scripts may read environment variables with <c>os.env</c> (off by default for hosts; the CLI turns it on).</summary>
    public bool AllowEnvironment { get; init; }
    /// <summary>What a script's <c>os.args()</c> returns (empty by default; the CLI passes the arguments after the script).</summary>
    public IReadOnlyList<string> ScriptArguments { get; init; } = [];
    public int? RandomSeed { get; init; }
    /// <summary>Run each script on a dedicated thread with a large stack (recommended; builtin callbacks and deep data recurse in C#).</summary>
    public bool UseDedicatedThread { get; init; } = true;
    /// <summary>Stack size of that thread.</summary>
    public int ThreadStackSize { get; init; } = 256 * 1024 * 1024;
    /// <summary>
    /// Whether that thread runs in the caller's <see cref="ExecutionContext"/>, so that host
    /// functions the script calls see the caller's <see cref="AsyncLocal{T}"/> values
    /// (default on). A process with no ambient context to pass on, such as the CLI, turns it
    /// off: capturing the context is the first thread-static access of such a process, which
    /// loads the .NET JIT on the critical path of a short run (2-3 ms; docs/performance.md,
    /// "Start-up").
    /// </summary>
    public bool FlowExecutionContext { get; init; } = true;
}
