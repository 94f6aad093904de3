// The interpreter's side of tiering: the entry points compiled code calls (frame records,
// limit polls, calls, deoptimization) and the on-stack-replacement check at loop re-entry.
//
// A compiled activation pushes a frame record like an interpreted call (closure, pc), so the
// depth limit, stack traces and the routing of errors to handlers in interpreted callers are
// the same in every tier; it keeps its values in IL locals, not on the value stack. It stores
// its pc into the record before anything that can raise. An error raised inside compiled code
// is a .NET exception that passes through the compiled frames (their records stay until the
// interpreter's handler search resets the frame pointer, as it does for interpreted frames).
// Deoptimization is a return path: the compiled code hands its state to JitDeopt, which
// replaces its record with an interpreter frame at the same pc and runs it to completion.
using System.Runtime.CompilerServices;
using Sentra.Bytecode;
using Sentra.Runtime;

namespace Sentra.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// At a re-entry of the dispatch loop: if the tier backend has code that can take the
    /// innermost frame over at its pc (a loop header or a function entry), runs the rest of
    /// that call compiled. Returns true when that call was this run's entry frame (its result
    /// is the run's result); false to go on interpreting (the compiled call, if any, has
    /// returned its result into its interpreted caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryEnterCompiledLoop(int entryFp, out Value result)
    {
        result = default;
        if (_fp < entryFp) return false;
        ref var f = ref _frames[_fp];
        if (f.Loop is not null) return false; // a builtin's callback loop owns this frame
        var cl = f.Closure;
        var proto = cl.Proto;
        int pc = f.Pc;
        int depth = _sp - f.Base - proto.MaxLocals;
        if ((uint)pc >= (uint)proto.DepthAt.Length || proto.DepthAt[pc] != depth) return false;
        var code = _tier!.OnLoop(cl, pc, new ReadOnlySpan<Value>(_stack, f.Base, proto.MaxLocals));
        if (code is null) return false;
        bool isEntry = f.IsEntry;
        int at = f.ResultAt;
        int bp = f.Base;
        // the frame's record goes (the compiled code pushes its own at the same depth); its
        // slots stay below _sp until the compiled code has read them
        _fp--;
        Value r = code(this, cl, ref _stack[bp], pc);
        if (isEntry)
        {
            _sp = at;
            result = r;
            return true;
        }
        _stack[at] = r;
        _sp = at + 1;
        return false;
    }

    /// <summary>
    /// A call from the dispatch loop of a function whose call counter ran out (arguments on
    /// top of the synced stack): runs it compiled when the backend has code for it, and
    /// writes the result to <paramref name="resultAt"/> (relative to the caller's frame).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TierCall(Closure cl, int argc, int resultAt)
    {
        if ((PublishedCode(cl.Proto) ?? _tier!.OnCall(cl, new ReadOnlySpan<Value>(_stack, _sp - argc, argc))) is not { } code)
            return false;
        int bp = _sp - argc;
        Value result = code(this, cl, ref _stack[bp], 0);
        _sp = bp;
        _stack[_frames[_fp].Base + resultAt] = result;
        return true;
    }

    /// <summary>
    /// Runs compiled code as the entry of a host's or builtin's call (no dispatch loop below
    /// it to route its errors): an error leaving it gets its Sentra trace and is turned into a
    /// Sentra error exactly as <see cref="RunFrame"/> does, and the frames are unwound.
    /// </summary>
    private Value RunCompiledEntry(CompiledCode code, Closure cl, int bp, int resultAt)
    {
        int entryFp = _fp + 1;
        Exception escaped;
        try
        {
            Value result = code(this, cl, ref _stack[bp], 0);
            _sp = resultAt; // as an interpreted entry frame's return does
            return result;
        }
        catch (Exception e) when (AsSentraError(e) is { } error)
        {
            escaped = error;
        }
        if (escaped is SentraRuntimeException rt && rt.ScriptStackTrace.Count == 0) rt.SetTrace(CaptureTrace());
        _fp = entryFp - 1;
        _sp = resultAt;
        throw escaped;
    }

    /// <summary>
    /// What an error that reached compiled code's entry or handlers is, as <see cref="RunFrame"/>
    /// treats it: a Sentra error as it is (or the limit the run has reached, when it is out of
    /// time or cancelled); a full .NET stack as "stack overflow"; an exhausted heap as the
    /// out-of-memory limit; any other .NET exception (a host function's) as a runtime error
    /// with its message. Null for what passes through unchanged (test suspensions).
    /// </summary>
    private Exception? AsSentraError(Exception e) => e switch
    {
        SentraRuntimeException ex => _budget.Exceeded() ?? (Exception)ex,
        SentraException => e,
        ScriptSuspendedException => null,
        InsufficientExecutionStackException => new SentraRuntimeException("stack overflow"),
        OutOfMemoryException => new SentraLimitException(LimitKind.OutOfMemory),
        _ => new SentraRuntimeException(e.Message, e),
    };

    /// <summary>
    /// <see cref="CallEach"/> with a tier backend: each call runs the function's compiled
    /// code once it has some (straight from this loop, in the same argument slots). Until
    /// then the calls are interpreted as <see cref="CallEach"/> interprets them, one after
    /// the other in one frame slot without leaving the dispatch loop, until the function's
    /// call counter runs out: <see cref="NextOfLoop"/> then hands the loop back here
    /// (<see cref="_loopYielded"/>) and the backend is asked.
    /// </summary>
    private void CallEachTiered(Value callee, Closure cl, CallbackLoop loop)
    {
        var p = cl.Proto;
        int argc = p.Arity;
        EnterNativeLevel();
        try
        {
            int calleeSlot = ReserveEntryFrame(p);
            int bp = calleeSlot + 1;
            bool more = loop.Next(_stack.AsSpan(bp, argc));
            while (more)
            {
                if (--p.JitHeat < 0 && (PublishedCode(p) ?? _tier!.OnCall(cl, new ReadOnlySpan<Value>(_stack, bp, argc))) is { } code)
                {
                    _sp = bp + argc;
                    loop.Result(RunCompiledEntry(code, cl, bp, calleeSlot));
                    more = loop.Next(_stack.AsSpan(bp, argc));
                    continue;
                }
                if (--_countdown <= 0) JitPoll();
                _stack[calleeSlot] = callee;
                _loopYielded = false;
                PushLoopFrame(loop, cl, bp, calleeSlot);
                RunFrame(_fp); // returns after the last call's result went to the loop, or at a yield
                more = _loopYielded && loop.Next(_stack.AsSpan(bp, argc));
                _loopYielded = false;
            }
            _sp = calleeSlot;
        }
        finally
        {
            _nativeDepth--;
        }
    }

    /// <summary>Set by <see cref="NextOfLoop"/> when it ended a tiered callback loop's run early (the function's call counter ran out) rather than at the loop's end.</summary>
    private bool _loopYielded;

    // ---- entry points of compiled code --------------------------------------------------

    /// <summary>Pushes the frame record of a compiled activation of <paramref name="cl"/> and counts the call; returns the record's index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int JitEnter(Closure cl)
    {
        int fp = _fp + 1;
        if (fp >= _frameLimit) JitFrameLimit();
        if (--_countdown <= 0) CheckLimits();
        ref var f = ref _frames[fp];
        if (!ReferenceEquals(f.Closure, cl)) f.Closure = cl;
        f.Base = _sp;
        f.ResultAt = _sp;
        f.Pc = 0;
        f.IsEntry = false;
        _fp = fp;
        // compiled calls nest on the .NET stack: make sure it has room (a passing check
        // guarantees more than 16 compiled frames need)
        if ((fp & 15) == 0) RuntimeHelpers.EnsureSufficientExecutionStack();
        return fp;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void JitFrameLimit()
    {
        if (_fp + 1 >= _maxDepth) Throw.Error("stack overflow");
        GrowFrames();
    }

    /// <summary>Pops the record pushed by <see cref="JitEnter"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void JitLeave(int fp) => _fp = fp - 1;

    /// <summary>Records the pc of a compiled activation (before anything that can raise): traces and handlers read it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void JitSetPc(int fp, int pc) => _frames[fp].Pc = pc;

    /// <summary>A loop back edge in compiled code: counts a step and polls the limits as the interpreter's back edges do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void JitBackEdge()
    {
        if (--_countdown <= 0) JitPoll();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void JitPoll()
    {
        _suspendedSp = _sp;
        CheckLimits();
    }

    /// <summary>
    /// Room for <paramref name="argc"/> call arguments at the top of the value stack: returns
    /// a reference to the first; the compiled caller writes them there and then calls
    /// <see cref="JitCall"/> or a builtin with a span over them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref Value JitArgs(int argc)
    {
        int at = _sp;
        if (at + argc >= _stack.Length) EnsureStack(at + argc + 1);
        _sp = at + argc;
        return ref _stack[at];
    }

    /// <summary>Drops the arguments of a builtin call made directly by compiled code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void JitPopArgs(int argc) => _sp -= argc;

    /// <summary>The span of the top <paramref name="argc"/> values (a builtin's arguments).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<Value> JitArgSpan(int argc) => new(_stack, _sp - argc, argc);

    /// <summary>
    /// A call from compiled code of any callee with its <paramref name="argc"/> arguments on
    /// top of the value stack (<see cref="JitArgs"/>): compiled code when the callee has it,
    /// else the interpreter, a builtin, or the error for a non-callable. Pops the arguments.
    /// The errors of a call of a builtin or a non-callable are returned as a builtin returns
    /// its own (<see cref="BuiltinError"/>): the compiled call site raises them.
    /// </summary>
    internal Value JitCall(Value callee, int argc)
    {
        int bp = _sp - argc;
        Value r;
        if (Exact.As<Closure>(callee.RawObj) is { } cl)
        {
            var p = cl.Proto;
            if (argc != p.Arity) Throw.Error($"expected {p.Arity} arguments but got {argc}");
            if (--p.JitHeat < 0 && (PublishedCode(p) ?? _tier!.OnCall(cl, new ReadOnlySpan<Value>(_stack, bp, argc))) is { } code)
                r = code(this, cl, ref _stack[bp], 0);
            else r = JitInterpretCall(cl, bp, argc);
        }
        else
        {
            r = CallNative(callee, argc, _sp, calleeSlot: false);
            if (_raised is { } error)
            {
                _raised = null;
                r = BuiltinError.Of(error.Message);
            }
        }
        _sp = bp;
        return r;
    }

    /// <summary>
    /// The compiled code published on a function, called without asking the backend (any
    /// backend's code: it does not depend on the engine). Keeps the call counter negative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CompiledCode? PublishedCode(FunctionProto p)
    {
        if (p.JitCode is not CompiledCode code) return null;
        p.JitHeat = -(1 << 30);
        return code;
    }

    /// <summary>Interprets a call made by compiled code (its arguments at <paramref name="bp"/>).</summary>
    private Value JitInterpretCall(Closure cl, int bp, int argc)
    {
        var p = cl.Proto;
        EnterNativeLevel();
        try
        {
            if (_fp + 1 >= _maxDepth) Throw.Error("stack overflow");
            if (--_countdown <= 0) JitPoll();
            if (bp + p.FrameSize > _stack.Length) EnsureStack(bp + p.FrameSize);
            PushFrame(cl, bp, argc, isEntry: true, pc: 0, resultAt: bp);
            _sp = bp + p.MaxLocals;
            return RunFrame(_fp);
        }
        finally
        {
            _nativeDepth--;
        }
    }

    /// <summary>
    /// Deoptimization: the compiled activation whose record is at <paramref name="fp"/> gives
    /// up at <paramref name="pc"/> (an instruction boundary, before any effect of that
    /// instruction) with the frame's values; the interpreter rebuilds the frame there and
    /// runs the call to completion. Returns the call's result.
    /// </summary>
    internal Value JitDeopt(int fp, Closure cl, int pc, Value[] locals, Value[] stack)
    {
        _fp = fp - 1;
        _sp = _frames[fp].Base;
        EnterNativeLevel();
        try
        {
            return Resume(new FrameState { Closure = cl, Pc = pc, Locals = locals, Stack = stack });
        }
        finally
        {
            _nativeDepth--;
        }
    }

    /// <summary>
    /// A method call from compiled code: the receiver and <paramref name="argc"/> arguments on
    /// top of the value stack (<see cref="JitArgs"/>), resolved as the interpreter's CallMethod
    /// does, through the call site's method cache (the instruction at <paramref name="pc"/>, none when -1). Pops them.
    /// The errors of the call itself are returned as in <see cref="JitCall"/>.
    /// </summary>
    internal Value JitCallMethod(string name, int argc, Closure closure, int pc)
    {
        int recvAt = _sp - argc - 1;
        BuiltinFunction? method;
        if (pc < 0) method = ResolveMethod(ref _stack[recvAt], name);
        else
        {
            method = ResolveMethod(ref _stack[recvAt], name, ref closure.Proto.InlineCache[pc], out string? error);
            if (error is not null)
            {
                _sp = recvAt;
                return BuiltinError.Of(error);
            }
        }
        Value r;
        if (method is null) r = JitCall(_stack[recvAt], argc);
        else if (method.ArityError(argc + 1) is { } arity) r = BuiltinError.Of(arity);
        else r = method.Fn(this, new ReadOnlySpan<Value>(_stack, recvAt, argc + 1));
        _sp = recvAt;
        return r;
    }

    /// <summary>
    /// An error caught by compiled code with handlers (its activation's record at
    /// <paramref name="fp"/>): converted as <see cref="RunFrame"/> converts errors, then routed
    /// to the function's innermost handler covering the record's pc. Returns the handler's
    /// index with the value it receives (the frames above the activation dropped, as the
    /// interpreter's handler search does), or -1 when no handler of the function takes it.
    /// </summary>
    internal int JitCatch(Exception e, int fp, Closure cl, out Value raised)
    {
        raised = default;
        if (AsSentraError(e) is not SentraRuntimeException ex) return -1;
        var proto = cl.Proto;
        int h = proto.FindHandler(_frames[fp].Pc - 1);
        if (h < 0) return -1;
        if (ex.ScriptStackTrace.Count == 0) ex.SetTrace(CaptureTrace());
        _fp = fp;
        _sp = _frames[fp].Base;
        raised = proto.Handlers[h].IsFinally ? Value.FromObject(new PendingError(ex)) : ex.Payload;
        return h;
    }

    /// <summary>
    /// <c>throw v</c> in compiled code with handlers (the record at <paramref name="fp"/>
    /// holds the throw's pc): routed to the function's handler as <see cref="JitCatch"/>
    /// routes a thrown error, without a .NET exception. Returns the handler's index, or throws
    /// the error when no handler of the function takes it.
    /// </summary>
    internal int JitThrowCaught(Value v, int fp, Closure cl, out Value raised) =>
        JitCatchOrThrow(ErrorOf(v), fp, cl, out raised);

    /// <summary><c>throw v</c> in compiled code without handlers: a .NET exception that its callers take.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void JitThrow(Value v) =>
        throw ErrorOf(v);

    /// <summary>Imports a module for compiled code (the record's pc is set).</summary>
    internal Value JitImport(string path, string fromFile) => Value.FromObject(_modules.Import(path, fromFile));

    /// <summary>The frame pointer (tests of the JIT check that records are popped).</summary>
    internal int FramePointer => _fp;

    /// <summary>The value-stack top (tests of the JIT check that calls leave it as they found it).</summary>
    internal int StackPointer => _sp;
}
