using System.Runtime.ExceptionServices;
using Microsoft.Extensions.ObjectPool;
using Sentra.Bytecode;
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
            throw new SentraLimitException(LimitKind.Cancelled);
        }
    }

    /// <summary>Defines a global visible to scripts run afterwards (a script's own assignments win).</summary>
    public void SetGlobal(string name, Value value)
    {
        _hostGlobals[name] = value;
        // a session's later pieces see it even when an earlier piece already has the name
        if (_sessionScript is not null && _sessionGlobals is not null)
        {
            int i = Array.IndexOf(_sessionScript.GlobalNames, name);
            if (i >= 0) _sessionGlobals[i] = value;
        }
    }

    /// <summary>
    /// Defines a global from a .NET value, converted by <see cref="Value.From"/>: numbers,
    /// bools, strings, sequences (arrays), dictionaries (maps), and delegates, which become
    /// host functions named <paramref name="name"/> (<see cref="HostFunction"/>). Returns the
    /// engine, so that definitions chain.
    /// </summary>
    public SentraEngine SetValue(string name, object? value)
    {
        SetGlobal(name, value is Delegate d ? Value.FromObject(HostFunction.Create(name, d)) : Value.From(value));
        return this;
    }

    /// <summary>
    /// A global of the last script run or session piece, or a value the host defined (nil
    /// when there is none). Convert it with <see cref="Value.ToObject()"/> or <see cref="Value.To{T}"/>.
    /// </summary>
    public Value GetValue(string name)
    {
        if (_main is not null && Array.IndexOf(_main.Script.GlobalNames, name) >= 0) return GetGlobal(name);
        return _hostGlobals.TryGetValue(name, out var v) ? v : default;
    }

    /// <summary>
    /// Calls the global function <paramref name="name"/> (of the last script run) with
    /// arguments converted by <see cref="Value.From"/>. A name that no run defined, or that
    /// holds something else than a function, is an <see cref="InvalidOperationException"/>
    /// that says so.
    /// </summary>
    public Value Invoke(string name, params object?[] args)
    {
        var function = GetValue(name);
        if (function.IsNil)
            throw new InvalidOperationException(_main is null
                ? $"cannot call '{name}': this engine has not run a script yet (Run defines the globals Invoke calls)"
                : $"cannot call '{name}': the script did not define it (or set it to nil)");
        if (!function.IsCallable)
            throw new InvalidOperationException($"cannot call '{name}': it is a {function.TypeName}, not a function");
        var values = new Value[args.Length];
        for (int i = 0; i < args.Length; i++) values[i] = Value.From(args[i]);
        return Call(function, values);
    }

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
    public Value Run(SentraScript script) => Run(script, Environment.TickCount64);

    /// <summary>
    /// Compiles and runs source text. The limits' timeout and cancellation token bound the
    /// compilation too ("timeout", "script cancelled"), and the timeout counts from before it.
    /// </summary>
    public Value Run(string source, string file = "<script>")
    {
        long startedAt = Environment.TickCount64;
        return Run(CompileWithinLimits(source, file), startedAt);
    }

    private Value Run(SentraScript script, long startedAt) => Exclusive(() =>
    {
        var interp = CreateInterpreter();
        _interpreter = interp;
        var module = new ModuleInstance("main", script.File, script.Compiled);
        for (int i = 0; i < script.Compiled.GlobalNames.Length; i++)
        {
            if (_hostGlobals.TryGetValue(script.Compiled.GlobalNames[i], out var v)) module.Globals[i] = v;
        }
        _main = module;
        return interp.RunModuleAsMain(module, startedAt);
    });

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
            throw new SentraLimitException(limits.CancellationToken.IsCancellationRequested ? LimitKind.Cancelled : LimitKind.Timeout);
        }
    }

    /// <summary>Global slots a session of <see cref="Evaluate"/> can hold besides the builtins.</summary>
    public const int SessionGlobalCapacity = 16384;

    /// <summary>The last piece <see cref="Evaluate"/> compiled, and the globals all pieces share.</summary>
    private CompiledScript? _sessionScript;
    private Value[]? _sessionGlobals;

    /// <summary>
    /// Runs <paramref name="source"/> as the next piece of this engine's session (what a REPL
    /// does with each input): globals and functions that earlier pieces defined are still
    /// there, and functions they defined see what later pieces assign. Returns the value of
    /// the piece's last statement when that is an expression (nil otherwise). A piece that
    /// fails keeps what it assigned before the error. A session holds at most
    /// <see cref="SessionGlobalCapacity"/> globals of its own: its functions keep the one
    /// global array they were created with, so the array cannot grow.
    /// </summary>
    public Value Evaluate(string source, string file = "<repl>")
    {
        var cancellation = _options.Limits.CancellationToken;
        CompiledScript compiled;
        try
        {
            compiled = Compiler.Compile(source, file, _sessionScript, returnLastExpression: true, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new SentraLimitException("script cancelled");
        }
        int builtins = Builtins.BuiltinRegistry.Globals.Length;
        if (compiled.GlobalNames.Length > builtins + SessionGlobalCapacity)
            throw new SentraRuntimeException($"a session holds at most {SessionGlobalCapacity} globals");
        if (_sessionGlobals is null)
        {
            _sessionGlobals = new Value[builtins + SessionGlobalCapacity];
            Array.Fill(_sessionGlobals, Value.Undefined);
            Builtins.BuiltinRegistry.Globals.CopyTo(_sessionGlobals, 0);
        }
        var globals = _sessionGlobals;
        int known = _sessionScript?.GlobalNames.Length ?? 0;
        _sessionScript = compiled;
        return Exclusive(() =>
        {
            var interp = CreateInterpreter();
            _interpreter = interp;
            var module = new ModuleInstance("main", file, compiled, globals);
            for (int i = known; i < compiled.GlobalNames.Length; i++)
            {
                if (_hostGlobals.TryGetValue(compiled.GlobalNames[i], out var v)) globals[i] = v;
            }
            _main = module;
            return interp.RunModuleAsMain(module);
        });
    }

    /// <summary>The piece of the session that <see cref="Evaluate"/> compiled last (null before the first).</summary>
    public SentraScript? LastSessionScript => _sessionScript is null ? null : new(_sessionScript);

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
            AllowEnvironment = _options.AllowEnvironment,
            ScriptArguments = _options.ScriptArguments,
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
            // a cancelled token stays cancelled: every later run is refused the same way
            if (_options.Limits.CancellationToken.IsCancellationRequested) throw new SentraLimitException(LimitKind.Cancelled);
            return _options.UseDedicatedThread ? OnLargeStack(body) : Guarded(body);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private T Guarded<T>(Func<T> body)
    {
        // the run sets its budget as this thread's current one: a run nested in a host
        // function of another run on this thread must leave the outer run's in place
        var outerBudget = RunBudget.Current;
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
        catch (OutOfMemoryException)
        {
            // outside the dispatch loop (a builtin the host called): a limit too
            _interpreter?.Reset();
            throw new SentraLimitException(LimitKind.OutOfMemory);
        }
        catch (Exception e) when (e is InsufficientExecutionStackException)
        {
            _interpreter?.Reset();
            throw new SentraRuntimeException("stack overflow");
        }
        finally
        {
            RunBudget.Current = outerBudget;
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
