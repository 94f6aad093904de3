using System.Reflection.Emit;
using Sentra.Execution;
using Sentra.Jit.Emit;

namespace Sentra.Jit.Tiering;

/// <summary>What a backend knows about one function: its compiled code per mode, counts and the tiering state.</summary>
internal sealed class FunctionRecord(JitBackend backend, string name, string file, int line)
{
    public readonly JitBackend Backend = backend;
    public readonly string Name = name;
    public readonly string File = file;
    public readonly int Line = line;

    /// <summary>Seen once by a tiered backend: its call counter now runs toward the threshold.</summary>
    public bool Warm;
    /// <summary>Compiled without speculation (after deoptimizing too often).</summary>
    public bool Generic;
    /// <summary>Left to the interpreter for good, for <see cref="FailReason"/>.</summary>
    public bool Failed;
    public string? FailReason;
    /// <summary>1 while the function waits for or is in the background compiler.</summary>
    public int Queued;

    public CompiledCode? Code;
    public DynamicMethod? Method;
    public JitUnit? Unit;
    public IReadOnlySet<int> Entries = new HashSet<int>();

    public CompiledCode? StressCode;
    public DynamicMethod? StressMethod;
    public JitUnit? StressUnit;

    public int Compilations;
    /// <summary>The translator's time (ms), excluding the .NET JIT's.</summary>
    public double CompileMs;
    /// <summary>The .NET JIT's time compiling this function's methods (ms).</summary>
    public double NetJitMs;
    /// <summary>Bytes of IL emitted for this function (its last compilation), and of them the exits and deopt stubs.</summary>
    public int IlBytes;
    public int ExitIlBytes;
    public int Deopts;
    public int OsrEntries;
    /// <summary>Deopts by (pc, what the guard checked).</summary>
    public readonly Dictionary<(int Pc, string Why), int> DeoptSites = [];
}
