// The baseline interpreter: one dispatch loop over int[] bytecode.
//
// State model. All values of all active calls live on one Value[] stack; frames are structs
// in a CallFrame[] that grows on demand up to the depth limit (Sentra-to-Sentra calls push
// a frame and continue in the same loop: no C# recursion, so deep Sentra recursion cannot
// overflow the CLR stack). The hot state (ip, sp relative to the frame base, a ref to the
// code and a ref to the frame's first stack slot) is held in locals of Execute and written
// back to the frame only at sync points: before a call, before anything that can raise,
// and when leaving the loop (STYLE practice 2). Int and float fast paths are inline;
// everything else goes to out-of-line helpers (practice 3).
//
// Errors. `throw` is handled inside the loop when a handler exists (no .NET exception);
// errors raised by helpers and builtins arrive as SentraRuntimeException, are caught by
// RunFrame (outside the hot method), routed to the innermost handler in the frames' handler
// tables, and the loop is re-entered. Unhandled errors leave as SentraRuntimeException
// carrying the Sentra stack trace.
//
// Resumability. Execute can start from any frame state (function, pc, locals, operand
// stack) pushed from outside: see Resume. The JIT deoptimizes into exactly this.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sentra.Builtins;
using Sentra.Bytecode;
using Sentra.Runtime;

namespace Sentra.Execution;

/// <summary>Executes compiled Sentra code. One instance runs one script at a time.</summary>
public sealed partial class Interpreter : IRuntime
{
    private Value[] _stack;
    private int _sp;
    private CallFrame[] _frames;
    private int _fp = -1;
    private int _maxDepth;
    /// <summary>
    /// A call from the dispatch loop needs no other depth or capacity test while
    /// <c>_fp + 1 &lt; _frameLimit</c>: the smaller of the depth limit and the frames allocated
    /// so far (less one), so the new frame is known to fit (<see cref="PushFrameInCapacity"/>).
    /// </summary>
    private int _frameLimit;

    private ModuleLoader _modules = null!;
    private long _countdown;
    private ExecutionLimits _limits = null!;
    private long _stepsLeft;
    /// <summary>The limits measured in time and memory, polled with the step budget.</summary>
    private readonly RunBudget _budget = new();

    public Interpreter(InterpreterOptions? options = null)
    {
        // grows on demand up to the depth limit (a full-size array would land on the large object heap)
        _frames = new CallFrame[64];
        _stack = new Value[Math.Max(1024, options?.InitialStackSize ?? 4096)];
        Configure(options ?? new InterpreterOptions());
    }

    /// <summary>
    /// Prepares this interpreter (its value stack and frames are kept) for a new run with
    /// new options: how hosts reuse execution contexts across runs without reallocating.
    /// </summary>
    public void Configure(InterpreterOptions options)
    {
        if (_fp >= 0) throw new InvalidOperationException("the interpreter is running");
        Options = options;
        _limits = options.Limits;
        _tier = options.TierBackend;
        _checkInterval = _tier is null ? CheckInterval : Math.Clamp(_tier.LoopCheckInterval, 1, CheckInterval);
        // one frame more than the calls allowed: the bottom frame is the script body (or the
        // host's entry), which SPEC 3.10 does not count as a call
        _maxDepth = Math.Clamp(_limits.MaxCallDepth, 1, Limits.MaxCallDepth) + 1;
        SetFrameLimit();
        _modules = new ModuleLoader(this, options.ModuleResolver);
        Out = options.Output ?? TextWriter.Null;
        Random = options.RandomSeed is int seed ? new Random(seed) : new Random();
        _sp = 0;
        ResetLimits();
    }

    public InterpreterOptions Options { get; private set; } = null!;
    public TextWriter Out { get; set; } = TextWriter.Null;
    public bool AllowFileAccess => Options.AllowFileAccess;
    public bool AllowEnvironment => Options.AllowEnvironment;
    public IReadOnlyList<string> ScriptArguments => Options.ScriptArguments;
    public Random Random { get; private set; } = null!;

    /// <summary>Number of active Sentra frames (0 when idle).</summary>
    public int Depth => _fp + 1;

    /// <summary>
    /// Re-arms the step budget, the timeout and the memory budget (called at the start of each
    /// host run, on the thread that runs it); the timeout counts from <paramref name="startedAt"/>
    /// (an <see cref="Environment.TickCount64"/> value, such as before compiling) or from now.
    /// </summary>
    public void ResetLimits(long? startedAt = null)
    {
        _stepsLeft = _limits.MaxSteps ?? long.MaxValue;
        _budget.Start(startedAt ?? Environment.TickCount64, _limits.Timeout, _limits.CancellationToken, _limits.MaxMemory);
        _countdownStart = _countdown = Math.Min(_stepsLeft, _checkInterval);
    }

    private long _countdownStart;

    private const long CheckInterval = 1 << 14;

    /// <summary>Steps between limit checks and loop re-entries: <see cref="CheckInterval"/>, or less when a tier backend wants to see loops sooner.</summary>
    private long _checkInterval = CheckInterval;

    /// <summary>The compiling tier (null: interpret everything). See <see cref="ITierBackend"/>.</summary>
    internal ITierBackend? _tier;

    // ---- public entry points ------------------------------------------------------------

    /// <summary>Runs a compiled script as the main module and returns its top-level return value.</summary>
    public Value RunMain(CompiledScript script, string name = "main")
    {
        var module = new ModuleInstance(name, script.File, script);
        _modules.RegisterMain(module);
        return RunModule(module);
    }

    /// <summary>Runs a prepared main module (globals already set by the host); the timeout counts from <paramref name="startedAt"/> if given.</summary>
    public Value RunModuleAsMain(ModuleInstance module, long? startedAt = null)
    {
        _modules.RegisterMain(module);
        ResetLimits(startedAt);
        return RunModule(module);
    }

    /// <summary>Runs a module body (its top-level code) to completion.</summary>
    internal Value RunModule(ModuleInstance module)
    {
        var closure = new Closure(module.Script.Main, [], module);
        return Call(Value.FromObject(closure), ReadOnlySpan<Value>.Empty);
    }

    /// <summary>Nesting of <see cref="Call"/> on the .NET stack (builtins calling back into Sentra).</summary>
    private int _nativeDepth;

    /// <summary>
    /// Before a host or builtin runs Sentra code on the .NET stack (<see cref="Call"/>,
    /// <see cref="CallEach"/>): checks the stack, then counts the level (the caller undoes it).
    /// The check is a runtime call (a thread-local read), too dear to pay per callback
    /// element. One check per 4 nested levels is enough: a passing check guarantees 128 KB,
    /// more than 4 levels of Call -> RunFrame -> Execute -> builtin use even in a Debug
    /// build, where Execute's frame alone is about 14 KB (8 levels were too many there: the
    /// test host crashed now and then).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterNativeLevel()
    {
        if ((_nativeDepth & 3) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()) Throw.Error("stack overflow");
        _nativeDepth++;
    }

    /// <summary>Calls any Sentra callable from host code or a builtin.</summary>
    public Value Call(Value callee, ReadOnlySpan<Value> args)
    {
        EnterNativeLevel();
        try
        {
            return CallCore(callee, args);
        }
        finally
        {
            _nativeDepth--;
        }
    }

    /// <summary>
    /// A builtin's calls of one function, one per element (<see cref="CallbackLoop"/>). For a
    /// Sentra function the frame is pushed once; each return hands its result to the loop and
    /// starts the next call in the same frame slot without leaving the dispatch loop, so the
    /// calls cost what calls from Sentra code cost. Anything else is called one by one.
    /// </summary>
    public void CallEach(Value callee, CallbackLoop loop)
    {
        int argc = loop.ArgumentCount;
        if (Exact.As<Closure>(callee.RawObj) is not { } cl || cl.Proto.Arity != argc)
        {
            // builtins, and functions of another arity (the first call raises the error)
            loop.CallOneByOne(this, callee);
            return;
        }
        if (_tier is not null)
        {
            CallEachTiered(callee, cl, loop);
            return;
        }
        EnterNativeLevel();
        try
        {
            int calleeSlot = ReserveEntryFrame(cl.Proto);
            int bp = calleeSlot + 1;
            if (!loop.Next(_stack.AsSpan(bp, argc))) return;
            _stack[calleeSlot] = callee;
            PushLoopFrame(loop, cl, bp, calleeSlot);
            RunFrame(_fp); // returns after the last call's result went to the loop
        }
        finally
        {
            _nativeDepth--;
        }
    }

    /// <summary>
    /// After a call of a <see cref="CallEach"/> loop returned (its frame just popped): hands
    /// the result over and, if the loop has another call, pushes the frame again with its
    /// arguments (true).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool NextOfLoop(CallbackLoop loop, Closure cl, int bp, int resultAt, in Value returned)
    {
        // each call counts against the step budget like a call from Sentra code, and the
        // timeout and cancellation are checked between calls: a loop-free callback over a
        // big array is no way around the host's limits
        if (--_countdown <= 0) CheckLimits();
        loop.Result(returned);
        int argc = cl.Proto.Arity;
        // with a tier backend, the function's call counter counts these calls too: when it
        // runs out the loop goes back to CallEachTiered, which asks the backend
        if (_tier is not null && --cl.Proto.JitHeat < 0)
        {
            _loopYielded = true;
            _frames[_fp + 1].Loop = null;
            _sp = resultAt;
            return false;
        }
        if (!loop.Next(_stack.AsSpan(bp, argc)))
        {
            _frames[_fp + 1].Loop = null; // the popped frame: let the loop go
            _sp = resultAt;
            return false;
        }
        PushLoopFrame(loop, cl, bp, resultAt);
        return true;
    }

    /// <summary>Pushes the entry frame of one call of a <see cref="CallEach"/> loop (its arguments already in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushLoopFrame(CallbackLoop loop, Closure cl, int bp, int resultAt)
    {
        PushFrame(cl, bp, cl.Proto.Arity, isEntry: true, pc: 0, resultAt: resultAt, loop);
        _sp = bp + cl.Proto.MaxLocals;
    }

    /// <summary>
    /// Room for an entry frame of p at the stack top, for a host or builtin calling in: the
    /// depth limit checked, the stack grown if needed. Returns the callee slot (the frame's
    /// base is the slot after it).
    /// </summary>
    private int ReserveEntryFrame(FunctionProto p)
    {
        if (_fp + 1 >= _maxDepth) Throw.Error("stack overflow");
        int calleeSlot = _sp;
        if (calleeSlot + 1 + p.FrameSize > _stack.Length) EnsureStack(calleeSlot + 1 + p.FrameSize);
        return calleeSlot;
    }

    private Value CallCore(Value callee, ReadOnlySpan<Value> args)
    {
        // closures first: builtins such as map and filter call back into Sentra per element
        if (Exact.As<Closure>(callee.RawObj) is { } cl)
        {
            if (args.Length != cl.Proto.Arity)
                Throw.Error($"expected {cl.Proto.Arity} arguments but got {args.Length}");
            int calleeSlot = ReserveEntryFrame(cl.Proto);
            // a callback called per element finds the same closure and the same kinds of
            // arguments in these slots each time: Assign then skips the GC write barriers
            ref Value slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), calleeSlot);
            Value.Assign(ref slot, in callee);
            for (int i = 0; i < args.Length; i++) Value.Assign(ref Unsafe.Add(ref slot, 1 + i), in args[i]);
            int bp = calleeSlot + 1;
            if (_tier is not null && --cl.Proto.JitHeat < 0 && _tier.OnCall(cl, args) is { } code)
            {
                _sp = bp + args.Length;
                return RunCompiledEntry(code, cl, bp, calleeSlot);
            }
            PushFrame(cl, bp, args.Length, isEntry: true, pc: 0, resultAt: calleeSlot);
            _sp = bp + cl.Proto.MaxLocals;
            return RunFrame(_fp);
        }
        switch (callee.RawObj)
        {
            case BuiltinFunction bf:
                return bf.Invoke(this, args);
            case BoundMethod bm:
                {
                    var all = new Value[args.Length + 1];
                    all[0] = bm.Receiver;
                    args.CopyTo(all.AsSpan(1));
                    return bm.Method.Invoke(this, all);
                }
            default:
                return Throw.Value($"cannot call {callee.TypeName}");
        }
    }

    /// <summary>
    /// Resumes a function from a frame state built outside the interpreter and runs it to
    /// completion, returning its result (the deoptimization entry).
    /// </summary>
    public Value Resume(FrameState state) => Resume([state]);

    /// <summary>
    /// Resumes a chain of frames, outermost first, and runs the outermost to completion,
    /// returning its result. Every frame but the last stopped just after a call: its pc is the
    /// instruction after the call and its operand stack holds the values below the call's
    /// result; the next frame is that call's callee, and its result becomes the call's result,
    /// as if the interpreter had made the calls (how compiled code that inlined a callee gives
    /// back its frames). Open upvalue cells are the cell objects in the locals; enclosing
    /// try/finally handlers are found from each frame's pc, as for interpreted frames.
    /// </summary>
    public Value Resume(IReadOnlyList<FrameState> chain)
    {
        if (chain.Count == 0) throw new ArgumentException("no frame to resume", nameof(chain));
        for (int i = 0; i < chain.Count; i++)
        {
            var state = chain[i];
            var proto = state.Closure.Proto;
            int depth = state.Stack.Length + (i < chain.Count - 1 ? 1 : 0); // a caller's pc has the call's result on top
            if (state.Locals.Length > proto.MaxLocals) throw new ArgumentException($"too many locals for {proto.Name}");
            if ((uint)state.Pc >= (uint)proto.Code.Length || proto.DepthAt[state.Pc] != depth)
                throw new ArgumentException($"pc {state.Pc} of {proto.Name} is not an instruction where the operand stack holds {depth} values");
        }
        // the native stack this run's dispatch loop needs, and the Sentra depth limit, checked
        // before any frame is pushed
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack() || _fp + chain.Count >= _maxDepth) Throw.Error("stack overflow");
        int entryFp = _fp + 1;
        for (int i = 0; i < chain.Count; i++)
        {
            var state = chain[i];
            var proto = state.Closure.Proto;
            // the callee slot: where the frame's result goes (for the outermost, the entry's)
            int calleeSlot = _sp;
            if (calleeSlot + 1 + proto.FrameSize > _stack.Length) EnsureStack(calleeSlot + 1 + proto.FrameSize);
            _stack[calleeSlot] = Value.FromObject(state.Closure);
            int bp = calleeSlot + 1;
            state.Locals.CopyTo(_stack.AsSpan(bp));
            _stack.AsSpan(bp + state.Locals.Length, proto.MaxLocals - state.Locals.Length).Clear();
            state.Stack.CopyTo(_stack.AsSpan(bp + proto.MaxLocals));
            PushFrame(state.Closure, bp, proto.MaxLocals, isEntry: i == 0, pc: state.Pc, resultAt: calleeSlot);
            _sp = bp + proto.MaxLocals + state.Stack.Length;
        }
        return RunFrame(entryFp);
    }

    /// <summary>The state of the innermost frame (for tests and tools): pc, locals, operand stack.</summary>
    internal FrameState CaptureTopFrame()
    {
        if (_fp < 0) throw new InvalidOperationException("no active frame");
        return CaptureFrames(_fp)[^1];
    }

    /// <summary>
    /// The states of the frames from <paramref name="fromFp"/> to the innermost, outermost
    /// first, in the form <see cref="Resume(IReadOnlyList{FrameState})"/> takes (for tests and
    /// tools, after a suspension): a caller's operand stack is the values below its callee's
    /// result slot.
    /// </summary>
    internal FrameState[] CaptureFrames(int fromFp = 0)
    {
        if (_fp < 0) throw new InvalidOperationException("no active frame");
        var states = new FrameState[_fp - fromFp + 1];
        for (int fp = fromFp; fp <= _fp; fp++)
        {
            ref var f = ref _frames[fp];
            if (fp > fromFp && f.IsEntry) throw new InvalidOperationException("a host's or builtin's call lies between the frames");
            var proto = f.Closure.Proto;
            int stackStart = f.Base + proto.MaxLocals;
            int stackEnd = fp < _fp ? _frames[fp + 1].ResultAt : _suspendedSp;
            states[fp - fromFp] = new FrameState
            {
                Closure = f.Closure,
                Pc = f.Pc,
                Locals = _stack.AsSpan(f.Base, proto.MaxLocals).ToArray(),
                Stack = _stack.AsSpan(stackStart, Math.Max(0, stackEnd - stackStart)).ToArray(),
            };
        }
        return states;
    }

    private int _suspendedSp;

    /// <summary>Drops every active frame (after an error escaped to the host).</summary>
    public void Reset()
    {
        _fp = -1;
        _sp = 0;
        _nativeDepth = 0;
    }

    /// <summary>Drops every reference the stack and frames still hold (before pooling).</summary>
    public void Scrub()
    {
        Reset();
        Array.Clear(_stack);
        Array.Clear(_frames);
        Out = TextWriter.Null;
        _modules = new ModuleLoader(this, null);
    }

    // ---- frames -------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushFrame(Closure cl, int bp, int argc, bool isEntry, int pc, int resultAt, CallbackLoop? loop = null)
    {
        if (_fp + 1 >= _frames.Length) GrowFrames();
        PushFrameInCapacity(cl, bp, argc, isEntry, pc, resultAt, loop);
    }

    /// <summary><see cref="PushFrame"/> where the caller knows the frame array has room (the dispatch loop's calls below <see cref="_frameLimit"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushFrameInCapacity(Closure cl, int bp, int argc, bool isEntry, int pc, int resultAt, CallbackLoop? loop = null)
    {
        var proto = cl.Proto;
        // locals beyond the arguments start as nil (also clears stale values); storing nil
        // needs no write barrier, so short frames are cleared inline
        int n = proto.MaxLocals - argc;
        if (n > 0)
        {
            if (n <= 8)
            {
                ref Value l = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), bp + argc);
                for (int i = 0; i < n; i++) Unsafe.Add(ref l, i) = default;
            }
            else _stack.AsSpan(bp + argc, n).Clear();
        }
        ref var f = ref _frames[++_fp];
        // recursion re-enters the same closure at the same depth: skip the write barrier
        if (!ReferenceEquals(f.Closure, cl)) f.Closure = cl;
        f.Base = bp;
        f.Pc = pc;
        f.ResultAt = resultAt;
        f.IsEntry = isEntry;
        // an entry frame's loop (null for a host's or builtin's single call); each call of a
        // CallEach loop pushes the frame its previous call used, holding the same loop: no
        // write barrier per element
        if (isEntry && !ReferenceEquals(f.Loop, loop)) f.Loop = loop;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowFrames()
    {
        int size = Math.Min(_frames.Length * 2, _maxDepth + 2);
        if (size <= _fp + 1) Throw.Error("stack overflow");
        Array.Resize(ref _frames, size);
        SetFrameLimit();
    }

    /// <summary>Recomputes <see cref="_frameLimit"/> after the depth limit or the frame array changed.</summary>
    private void SetFrameLimit() => _frameLimit = Math.Min(_maxDepth, _frames.Length - 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnsureStack(int needed)
    {
        if (needed <= _stack.Length) return;
        long size = _stack.Length;
        while (size < needed) size *= 2;
        if (size > 64L * 1024 * 1024) Throw.Error("stack overflow");
        Array.Resize(ref _stack, (int)size);
    }

    // ---- error routing ------------------------------------------------------------------

    /// <summary>
    /// Set by the dispatch loop when it leaves at a sync point (every <see cref="CheckInterval"/>
    /// back edges or calls) only to be entered again from the saved frame state. Why: the
    /// loop method is one long-running call, and .NET promotes a method to its optimized
    /// tier by counting calls. Re-entering it periodically lets the runtime start from the
    /// precompiled (ReadyToRun) code, with no JIT pause at start-up, and switch to the fully
    /// optimized code once it is ready, compiled on another core. It costs one return and
    /// one call per 16,384 steps, and exercises the same resumption path deoptimization uses.
    /// </summary>
    private bool _bounce;

    /// <summary>
    /// A SPEC runtime error a slow path of the loop reported instead of throwing (type,
    /// index and call errors; see Raise): the loop checks it after those slow paths and routes
    /// it at its Raise block, without a .NET exception. Null at every other time.
    /// </summary>
    private SentraRuntimeException? _raised;

    /// <summary>Runs the loop until the entry frame returns, routing errors to handlers.</summary>
    private Value RunFrame(int entryFp)
    {
        while (true)
        {
            // An error no handler in this run takes, and a limit, pass through without being
            // caught: the exception filters below unwind this run's frames as the error goes
            // by, so an error crossing many nested runs (builtin callbacks) is one .NET
            // exception dispatch, not one per run. An error that becomes another (a handler's,
            // a limit reached while unwinding, a host's exception) is raised again only after
            // its catch block has ended: a throw inside a catch block runs on top of the frames
            // of the first throw, and would pile up one dispatch per level.
            Exception escaped;
            try
            {
                Value result = Execute();
                if (!_bounce) return result;
                _bounce = false;
                if (_tier is not null && TryEnterCompiledLoop(entryFp, out result)) return result;
                continue;
            }
            catch (SentraRuntimeException ex) when (!PassesThrough(ex, entryFp))
            {
                // an error unwinding through many nested runs (builtin callbacks) stops when
                // the run is cancelled or out of time, as a loop does
                if (_budget.Exceeded() is { } stop)
                {
                    UnwindTo(entryFp);
                    escaped = stop;
                }
                else if (TryHandle(ex, entryFp)) continue;
                else escaped = ex;
            }
            catch (SentraLimitException) when (UnwindAndPass(entryFp))
            {
                throw new InvalidOperationException("unreachable: the filter passes every limit through");
            }
            catch (InsufficientExecutionStackException)
            {
                var ex = new SentraRuntimeException("stack overflow");
                if (TryHandle(ex, entryFp)) continue;
                escaped = ex;
            }
            catch (OutOfMemoryException)
            {
                // the heap is exhausted: the run ends (a limit, not an error the script could
                // catch and allocate again after)
                UnwindTo(entryFp);
                escaped = new SentraLimitException(LimitKind.OutOfMemory);
            }
            catch (Exception e) when (e is not SentraException and not ScriptSuspendedException)
            {
                // a host function (or a bug) threw a .NET exception: it becomes a Sentra
                // runtime error, catchable by the script, never a crash of the host
                var ex = new SentraRuntimeException(e.Message, e);
                if (TryHandle(ex, entryFp)) continue;
                escaped = ex;
            }
            // a new throw, not a rethrow keeping the .NET stack trace: each rethrow would copy
            // the trace gathered through every level below, quadratic in the nesting
            throw escaped;
        }
    }

    /// <summary>
    /// Finds the innermost handler for ex in the frames from the top down to entryFp; if found,
    /// unwinds to it and prepares the frame to resume there. Otherwise unwinds past entryFp
    /// and returns false (the caller rethrows).
    /// </summary>
    private bool TryHandle(SentraRuntimeException ex, int entryFp)
    {
        if (ex.ScriptStackTrace.Count == 0) ex.SetTrace(CaptureTrace());
        int fp = HandlerFrame(entryFp, out int h);
        if (fp < 0)
        {
            UnwindTo(entryFp);
            return false;
        }
        ref var f = ref _frames[fp];
        var proto = f.Closure.Proto;
        var handler = proto.Handlers[h];
        _fp = fp;
        f.Pc = handler.Target;
        int sp = f.Base + proto.MaxLocals + handler.StackDepth;
        _stack[sp++] = handler.IsFinally ? Value.FromObject(new PendingError(ex)) : ex.Payload;
        _sp = sp;
        return true;
    }

    /// <summary>The innermost frame from the top down to <paramref name="entryFp"/> whose pc a handler covers (and that handler), or -1.</summary>
    private int HandlerFrame(int entryFp, out int handler)
    {
        for (int fp = _fp; fp >= entryFp; fp--)
        {
            ref var f = ref _frames[fp];
            handler = f.Closure.Proto.FindHandler(f.Pc - 1);
            if (handler >= 0) return fp;
        }
        handler = -1;
        return -1;
    }

    /// <summary>
    /// Exception filter of <see cref="RunFrame"/>: true (and the run's frames unwound) for an
    /// error that no handler of this run takes while the run has time left, which then passes
    /// on uncaught; false for one to catch here (a handler takes it, or the run is out of time
    /// or cancelled and it becomes that limit). Filters run innermost first before any frame
    /// is left, so the trace is taken from the whole stack, as <see cref="TryHandle"/> does.
    /// </summary>
    private bool PassesThrough(SentraRuntimeException ex, int entryFp)
    {
        if (_budget.Exceeded() is not null) return false;
        if (ex.ScriptStackTrace.Count == 0) ex.SetTrace(CaptureTrace());
        if (HandlerFrame(entryFp, out _) >= 0) return false;
        UnwindTo(entryFp);
        return true;
    }

    /// <summary>Exception filter of <see cref="RunFrame"/> for a limit: unwinds the run's frames and lets it pass (false).</summary>
    private bool UnwindAndPass(int entryFp)
    {
        UnwindTo(entryFp);
        return false;
    }

    private void UnwindTo(int entryFp)
    {
        if (entryFp <= _fp && entryFp >= 0)
        {
            _frames[entryFp].Loop = null; // an error ended a CallEach loop
            _sp = _frames[entryFp].ResultAt;
            _fp = entryFp - 1;
        }
    }

    /// <summary>The Sentra stack, innermost first.</summary>
    public IReadOnlyList<StackFrameInfo> CaptureTrace()
    {
        var list = new List<StackFrameInfo>(Math.Min(_fp + 1, 32));
        for (int fp = _fp; fp >= 0; fp--)
        {
            ref var f = ref _frames[fp];
            var proto = f.Closure.Proto;
            string name = proto.IsTopLevel ? "<script>" : proto.Name;
            int pc = Math.Max(0, f.Pc - 1);
            list.Add(new StackFrameInfo(name, proto.File, proto.Lines.LineOf(pc), proto.Lines.ColumnOf(pc)));
            if (list.Count >= 20 && fp > 20)
            {
                // keep traces of deep recursion short: the innermost 20 and the outermost 5
                list.Add(StackFrameInfo.Elided(fp - 5));
                fp = 5;
            }
        }
        return list;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckLimits()
    {
        _suspendedSp = _sp;
        if (_limits.MaxSteps is not null)
        {
            _stepsLeft -= _countdownStart;
            if (_stepsLeft <= 0)
            {
                if (SuspendOnBudget) throw new ScriptSuspendedException();
                throw new SentraLimitException(LimitKind.StepBudget);
            }
        }
        _budget.Check();
        _countdownStart = _countdown = Math.Min(_checkInterval, _stepsLeft);
    }

    /// <summary>Testing aid: when the step budget runs out, keep the frames and raise <see cref="ScriptSuspendedException"/>.</summary>
    internal bool SuspendOnBudget { get; set; }
}
