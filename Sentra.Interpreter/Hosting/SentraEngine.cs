using System.Runtime.ExceptionServices;
using Microsoft.Extensions.ObjectPool;
using Sentra.Compilation;
using Sentra.Execution;
using Sentra.Runtime;

namespace Sentra.Hosting;

/// <summary>
/// Embeds Sentra: compile once, run many. An engine runs one script at a time (a second
/// concurrent Run throws <see cref="InvalidOperationException"/>); every script failure
/// surfaces as a <see cref="SentraException"/>.
/// </summary>
public sealed class SentraEngine : IDisposable
{
    /// <summary>
    /// Execution contexts (an interpreter's value stack and frames) shared by all engines of
    /// the process: an engine takes one for its first run and gives it back on Dispose, so a
    /// host that creates an engine per request does not reallocate them (DESIGN phase 4).
    /// The pool is created by the first Dispose: until a context has been given back there is
    /// nothing to reuse, and a process that runs one script (the CLI) never pays for the
    /// pool's set-up, 2.5 ms of its start-up (docs/performance.md, "Start-up").
    /// </summary>
    private static ObjectPool<Interpreter>? s_contexts;

    private static ObjectPool<Interpreter> Contexts => LazyInitializer.EnsureInitialized(ref s_contexts,
        static () => new DefaultObjectPool<Interpreter>(new ContextPolicy(), Environment.ProcessorCount * 4));

    private sealed class ContextPolicy : PooledObjectPolicy<Interpreter>
    {
        public override Interpreter Create() => new();
        public override bool Return(Interpreter obj)
        {
            obj.Scrub();
            return true;
        }
    }

    private readonly EngineOptions _options;
    private readonly Dictionary<string, Value> _hostGlobals = new(StringComparer.Ordinal);
    private Interpreter? _interpreter;
    private ModuleInstance? _main;
    private int _running;

    public SentraEngine(EngineOptions? options = null) => _options = options ?? new EngineOptions();

    public EngineOptions Options => _options;

    /// <summary>
    /// Parses and compiles; throws <see cref="SentraSyntaxException"/>, or
    /// <see cref="SentraLimitException"/> ("script cancelled") when cancellation is
    /// requested before or while it compiles.
    /// </summary>
    public static SentraScript Compile(string source, string file = "<script>", CancellationToken cancellation = default)
    {
        try
        {
            return new(Compiler.Compile(source, file, cancellation));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new SentraLimitException("script cancelled");
        }
    }

    /// <summary>Defines a global visible to scripts run afterwards (a script's own assignments win).</summary>
    public void SetGlobal(string name, Value value) => _hostGlobals[name] = value;

    /// <summary>Registers a .NET function as a global builtin.</summary>
    public void RegisterFunction(string name, int minArity, int maxArity, BuiltinFn fn) =>
        _hostGlobals[name] = Value.FromObject(new BuiltinFunction(name, minArity, maxArity, fn));

    /// <summary>Reads a global of the last script run (nil when absent).</summary>
    public Value GetGlobal(string name)
    {
        if (_main is null) return default;
        var names = _main.Script.GlobalNames;
        int i = Array.IndexOf(names, name);
        if (i < 0) return default;
        var v = _main.Globals[i];
        return v.IsUndefined ? default : v;
    }

    /// <summary>Runs a script; returns the value of a top-level return (nil otherwise).</summary>
    public Value Run(SentraScript script) => Exclusive(() =>
    {
        var interp = CreateInterpreter();
        _interpreter = interp;
        var module = new ModuleInstance("main", script.File, script.Compiled);
        for (int i = 0; i < script.Compiled.GlobalNames.Length; i++)
        {
            if (_hostGlobals.TryGetValue(script.Compiled.GlobalNames[i], out var v)) module.Globals[i] = v;
        }
        _main = module;
        return interp.RunModuleAsMain(module);
    });

    /// <summary>
    /// Compiles and runs source text. The limits' timeout and cancellation token bound the
    /// compilation too ("timeout", "script cancelled"); the run then has its own timeout.
    /// </summary>
    public Value Run(string source, string file = "<script>") => Run(CompileWithinLimits(source, file));

    private SentraScript CompileWithinLimits(string source, string file)
    {
        var limits = _options.Limits;
        if (limits.Timeout is not TimeSpan timeout) return Compile(source, file, limits.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(limits.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return new(Compiler.Compile(source, file, deadline.Token));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new SentraLimitException(limits.CancellationToken.IsCancellationRequested ? "script cancelled" : "timeout");
        }
    }

    /// <summary>Calls a function value (e.g. a global of the last run) from the host.</summary>
    public Value Call(Value function, params Value[] args) => Exclusive(() =>
    {
        var interp = _interpreter ?? CreateInterpreter();
        _interpreter = interp;
        interp.ResetLimits();
        return interp.Call(function, args);
    });

    private Interpreter CreateInterpreter()
    {
        var interp = _interpreter ?? Volatile.Read(ref s_contexts)?.Get() ?? new Interpreter();
        interp.Reset();
        interp.Configure(new InterpreterOptions
        {
            Output = _options.Output,
            Limits = _options.Limits,
            ModuleResolver = _options.ModuleResolver,
            AllowFileAccess = _options.AllowFileAccess,
            RandomSeed = _options.RandomSeed,
            TierBackend = _options.Tier == Tier.Interpreter ? null
                : _options.TierBackend ?? throw new InvalidOperationException($"tier {_options.Tier} needs a compiling backend: set EngineOptions.TierBackend (Sentra.Jit's JitBackend)"),
        });
        return interp;
    }

    /// <summary>Gives the engine's execution context back to the shared pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("cannot dispose a SentraEngine while it runs a script");
        var interp = _interpreter;
        _interpreter = null;
        _main = null;
        if (interp is not null) Contexts.Return(interp);
        Volatile.Write(ref _running, 0);
    }

    private T Exclusive<T>(Func<T> body)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("this SentraEngine is already running a script; use one engine per concurrent run");
        try
        {
            return _options.UseDedicatedThread ? OnLargeStack(body) : Guarded(body);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private T Guarded<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (SentraException)
        {
            _interpreter?.Reset();
            throw;
        }
        catch (ScriptSuspendedException)
        {
            throw;
        }
        catch (Exception e) when (e is InsufficientExecutionStackException)
        {
            _interpreter?.Reset();
            throw new SentraRuntimeException("stack overflow");
        }
    }

    private T OnLargeStack<T>(Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try { result = Guarded(body); }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
        }, _options.ThreadStackSize)
        {
            Name = "sentra-script",
            IsBackground = true,
        };
        if (_options.FlowExecutionContext) thread.Start();
        else thread.UnsafeStart();
        thread.Join();
        error?.Throw();
        return result;
    }
}
