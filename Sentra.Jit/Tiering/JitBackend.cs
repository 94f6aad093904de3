// The tiering policy. The interpreter counts calls per function (FunctionProto.JitHeat) and
// re-enters its loop every LoopCheckInterval steps; at those two slow-path moments it asks
// this backend. Tier.Jit compiles at the first call and at the first loop check; Tier.Tiered
// waits for CallThreshold calls, or compiles a function whose loop is running when the
// interpreter re-enters (every 16,384 steps), entering the compiled loop there (on-stack
// replacement); Tier.DeoptStress compiles eagerly with extra guards that fail on purpose.
// With BackgroundCompilation, Tier.Tiered compiles on the background compiler's thread: the
// function is queued and interpreted until its code is published, then the next call or
// loop check takes it.
// A function whose guards fail MaxDeopts times is compiled again without speculation, and
// one that still deoptimizes is left to the interpreter: no program can ping-pong.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sentra.Bytecode;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Jit.Emit;
using Sentra.Runtime;

namespace Sentra.Jit.Tiering;

/// <summary>Options of a <see cref="JitBackend"/>.</summary>
public sealed class JitOptions
{
    /// <summary>Calls before a function is compiled under <see cref="Tier.Tiered"/>.</summary>
    public int CallThreshold { get; init; } = 500;
    /// <summary>Deopts of one function before it is compiled without speculation (and twice that before it is left interpreted).</summary>
    public int MaxDeopts { get; init; } = 8;
    /// <summary>Under <see cref="Tier.DeoptStress"/>, one extra guard check in this many fails.</summary>
    public int StressPeriod { get; init; } = 7;
    /// <summary>Where to write the IL of each compiled function (null: nowhere).</summary>
    public TextWriter? DumpIL { get; init; }
    /// <summary>
    /// Under <see cref="Tier.Tiered"/>, compile hot functions on a background thread while the
    /// interpreter keeps running them (the compiled code is used from the next call or loop
    /// check after it is complete); false (the default): compile on the thread that made the
    /// function hot, before running it further. Worth it with a core to spare; on a busy
    /// machine the compiled code arrives later. Ignored by the eager tiers, and off when
    /// <see cref="DumpIL"/> is set.
    /// </summary>
    public bool BackgroundCompilation { get; init; }
}

/// <summary>
/// Sentra.Jit's tier backend: set it as <see cref="EngineOptions.TierBackend"/>. One backend
/// can serve many engines and threads; compiled code is kept on the functions' protos, so a
/// script compiled once is compiled to IL once.
/// </summary>
public sealed class JitBackend : ITierBackend
{
    private readonly bool _eager;
    private readonly object _dumpLock = new();
    private int _stressCounter;
    private long _osrEntries;

    public JitBackend(Tier tier, JitOptions? options = null)
    {
        if (tier == Tier.Interpreter) throw new ArgumentException("the interpreter tier needs no backend", nameof(tier));
        Tier = tier;
        Options = options ?? new JitOptions();
        _eager = tier is Tier.Jit or Tier.DeoptStress;
        Stress = tier == Tier.DeoptStress;
        _background = tier == Tier.Tiered && Options.BackgroundCompilation && Options.DumpIL is null;
    }

    private readonly bool _background;

    public Tier Tier { get; }
    public JitOptions Options { get; }
    internal bool Stress { get; }

    /// <summary>Steps between the interpreter's loop re-entries (where it may enter compiled loops).</summary>
    public int LoopCheckInterval => Stress ? 64 : _eager ? 1024 : 16384;

    internal int StressPeriod => Math.Max(2, Options.StressPeriod);

    // records, by proto: this backend's view of each function (another backend sharing a
    // proto keeps its own, so tiers never mix their compiled code)
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<FunctionProto, FunctionRecord> _records = new();
    private readonly List<WeakReference<FunctionRecord>> _all = [];

    private FunctionRecord RecordOf(FunctionProto p)
    {
        // the first backend to see a function caches its record on the proto: the lookup of
        // every call from the interpreter or a builtin into compiled code
        if (p.JitInfo is FunctionRecord cached && ReferenceEquals(cached.Backend, this)) return cached;
        if (_records.TryGetValue(p, out var r)) return r;
        lock (_all)
        {
            if (_records.TryGetValue(p, out r)) return r;
            r = new FunctionRecord(this, p.IsTopLevel ? "<script>" : p.Name, p.File, p.Line);
            _records.Add(p, r);
            Interlocked.CompareExchange(ref p.JitInfo, r, null);
            // the list only serves --stats: drop the records of collected scripts now and then,
            // so a host that compiles scripts for ever keeps it small
            if (_all.Count >= 1024 && (_all.Count & 1023) == 0) _all.RemoveAll(w => !w.TryGetTarget(out _));
            _all.Add(new WeakReference<FunctionRecord>(r));
            return r;
        }
    }

    private const int Compiled = -(1 << 30);

    /// <inheritdoc/>
    public CompiledCode? OnCall(Closure closure, ReadOnlySpan<Value> args)
    {
        var p = closure.Proto;
        var rec = RecordOf(p);
        if (rec.Failed)
        {
            p.JitHeat = int.MaxValue;
            return null;
        }
        var code = Stress ? rec.StressCode : rec.Code;
        if (code is null)
        {
            // the jit tier compiles a function at its first call, but a script's or module's
            // top-level code runs once: like the tiered tier, it is compiled only when one of
            // its loops gets hot (entered there by OnLoop); the stress tier compiles it at once
            if ((!_eager || (p.IsTopLevel && !Stress)) && !rec.Warm)
            {
                rec.Warm = true;
                p.JitHeat = Options.CallThreshold;
                return null;
            }
            if (_background)
            {
                // interpreted until the code is published; the worker then makes the counter
                // negative, so the next call takes it (and were that store lost to the
                // interpreter's own decrement, the counter runs out again after this many calls)
                Queue(rec, closure, args);
                p.JitHeat = Math.Max(1, Options.CallThreshold);
                return null;
            }
            code = Compile(closure, args.ToArray());
            if (code is null)
            {
                p.JitHeat = int.MaxValue;
                return null;
            }
        }
        p.JitHeat = Compiled;
        return code;
    }

    /// <inheritdoc/>
    public CompiledCode? OnLoop(Closure closure, int pc, ReadOnlySpan<Value> frame)
    {
        var p = closure.Proto;
        var rec = RecordOf(p);
        if (rec.Failed) return null;
        var code = Stress ? rec.StressCode : rec.Code;
        if (code is null)
        {
            // a call's first instruction is no loop: the call counter decides about calls
            if (pc == 0) return null;
            if (_background)
            {
                // entered at a later check, once published
                Queue(rec, closure, frame[..Math.Min(p.Arity, frame.Length)]);
                return null;
            }
            code = Compile(closure, frame[..Math.Min(p.Arity, frame.Length)].ToArray());
            if (code is null) return null;
            if (p.JitHeat >= 0) p.JitHeat = Compiled;
        }
        if (pc != 0 && !rec.Entries.Contains(pc)) return null;
        Interlocked.Increment(ref rec.OsrEntries);
        Interlocked.Increment(ref _osrEntries);
        return code;
    }

    /// <summary>Hands the function to the background compiler, unless it is queued or being compiled already.</summary>
    private void Queue(FunctionRecord rec, Closure closure, ReadOnlySpan<Value> args)
    {
        if (Interlocked.CompareExchange(ref rec.Queued, 1, 0) != 0) return;
        BackgroundCompiler.Enqueue(this, closure, args.ToArray());
    }

    /// <summary>The background compiler's job: compiles the function, publishes its code and points its call counter at it.</summary>
    internal void CompileQueued(Closure closure, Value[] args)
    {
        var p = closure.Proto;
        var rec = RecordOf(p);
        try
        {
            var code = Compile(closure, args);
            p.JitHeat = code is null ? int.MaxValue : Compiled;
        }
        finally
        {
            // a later version (compiled again without speculation) can be queued again
            Volatile.Write(ref rec.Queued, 0);
        }
    }

    /// <summary>Waits until the background compiler has nothing queued or running (tests); false on timeout.</summary>
    internal static bool WaitForBackgroundCompilation(TimeSpan timeout) => BackgroundCompiler.WaitIdle(timeout);

    private CompiledCode? Compile(Closure closure, Value[] argCopy)
    {
        var p = closure.Proto;
        var rec = RecordOf(p);
        lock (rec)
        {
            if (rec.Failed) return null;
            var existing = Stress ? rec.StressCode : rec.Code;
            if (existing is not null) return existing;
            var unit = new JitUnit(p, rec, this, Stress);
            var mc = new MethodCompiler(p, closure, argCopy, speculate: !rec.Generic, Stress, unit);
            var sw = Stopwatch.StartNew();
            try
            {
                var method = mc.Compile(Options.DumpIL is not null, out string listing);
                unit.TypedEntry = mc.HasTypedEntry;
                var shim = mc.Shim(method);
                var code = (CompiledCode)shim.CreateDelegate(typeof(CompiledCode), unit);
                double translateMs = sw.Elapsed.TotalMilliseconds;
                // the .NET JIT compiles the methods now rather than at their first call (which
                // follows at once; on the background compiler's thread, off the script's
                // thread), so --stats can say what it cost: more than the translation, as a rule
                var netJit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
                BackgroundCompiler.Prepare(method);
                BackgroundCompiler.Prepare(shim);
                netJit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - netJit;
                rec.Compilations++;
                rec.CompileMs += translateMs;
                rec.NetJitMs += netJit.TotalMilliseconds;
                rec.Entries = new HashSet<int>(mc.LoopHeaders);
                rec.IlBytes = mc.IlBytes;
                rec.ExitIlBytes = mc.IlBytes - mc.BodyIlBytes;
                if (Stress)
                {
                    rec.StressMethod = method;
                    rec.StressUnit = unit;
                    Volatile.Write(ref rec.StressCode, code);
                }
                else
                {
                    rec.Method = method;
                    rec.Unit = unit;
                    Volatile.Write(ref rec.Code, code);
                    p.JitCode = code;
                }
                if (Options.DumpIL is { } w)
                {
                    lock (_dumpLock)
                    {
                        w.WriteLine($"== {rec.Name} ({rec.File}:{rec.Line}){(rec.Generic ? " without speculation" : "")} ==");
                        w.Write(listing);
                        w.WriteLine();
                    }
                }
                return code;
            }
            catch (NotCompilableException e)
            {
                rec.Failed = true;
                rec.FailReason = e.Message;
                return null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a translator bug must not become the script's error: the function stays
                // interpreted, and --stats says why
                rec.Failed = true;
                rec.FailReason = "internal error: " + e.Message;
                return null;
            }
        }
    }

    /// <summary>The compiled method and unit of a function, for a direct call from compiled code of the same mode.</summary>
    internal (System.Reflection.Emit.DynamicMethod Method, JitUnit Unit)? DirectTarget(FunctionProto p, bool stress)
    {
        if (!_records.TryGetValue(p, out var rec)) return null;
        var m = stress ? rec.StressMethod : rec.Method;
        var u = stress ? rec.StressUnit : rec.Unit;
        return m is not null && u is not null ? (m, u) : null;
    }

    /// <summary>Counts a guard failure; a function that keeps failing loses its speculation, then its compiled code.</summary>
    internal void NoteDeopt(JitUnit unit, int pc, int site)
    {
        var rec = unit.Record;
        string why = (uint)site < (uint)unit.Sites.Length ? unit.Sites[site] : "?";
        lock (rec)
        {
            rec.Deopts++;
            rec.DeoptSites[(pc, why)] = rec.DeoptSites.GetValueOrDefault((pc, why)) + 1;
            if (unit.Stress || !ReferenceEquals(rec.Unit, unit)) return;
            int limit = Math.Max(1, Options.MaxDeopts);
            if (!rec.Generic && rec.Deopts >= limit)
            {
                rec.Generic = true;
                Invalidate(rec, unit.Proto);
                unit.Proto.JitHeat = 0;
            }
            else if (rec.Generic && rec.Deopts >= 2 * limit)
            {
                rec.Failed = true;
                rec.FailReason = "keeps deoptimizing";
                Invalidate(rec, unit.Proto);
                unit.Proto.JitHeat = int.MaxValue;
            }
        }
    }

    private static void Invalidate(FunctionRecord rec, FunctionProto p)
    {
        rec.Code = null;
        rec.Method = null;
        rec.Unit = null;
        p.JitCode = null;
    }

    internal bool StressTick() => Interlocked.Increment(ref _stressCounter) % StressPeriod == 0;

    // ---- inspection ---------------------------------------------------------------------

    /// <summary>Whether this backend has compiled code for the function (the test intrinsic <c>__tier</c>).</summary>
    public bool IsCompiled(FunctionProto p) => _records.TryGetValue(p, out var r) && (Stress ? r.StressCode : r.Code) is not null;

    /// <summary>Compilations of the function by this backend so far (tests: a function is compiled once per version).</summary>
    internal int CompilationCount(FunctionProto p) => _records.TryGetValue(p, out var r) ? r.Compilations : 0;

    /// <summary>Entries of the function's compiled code at a loop header (on-stack replacement) so far.</summary>
    public int LoopEntries(FunctionProto p) => _records.TryGetValue(p, out var r) ? Volatile.Read(ref r.OsrEntries) : 0;

    /// <summary>Guard failures of the function so far.</summary>
    public int DeoptCount(FunctionProto p) => _records.TryGetValue(p, out var r) ? r.Deopts : 0;

    private List<FunctionRecord> Records()
    {
        var list = new List<FunctionRecord>();
        lock (_all)
        {
            foreach (var w in _all) if (w.TryGetTarget(out var r)) list.Add(r);
        }
        return list;
    }

    /// <summary>The <c>--stats</c> report: functions compiled and their compile time, loop entries, deopts by function and guard, functions left interpreted and why.</summary>
    public string Report()
    {
        var inv = CultureInfo.InvariantCulture;
        var recs = Records();
        var sb = new StringBuilder();
        var compiled = recs.Where(r => r.Compilations > 0).ToList();
        sb.Append(inv, $"jit: tier {Tier.ToString().ToLowerInvariant()}, {compiled.Count} functions compiled ({compiled.Sum(r => r.Compilations)} compilations, {compiled.Sum(r => r.CompileMs):F2} ms + .NET JIT {compiled.Sum(r => r.NetJitMs):F2} ms, {compiled.Sum(r => r.IlBytes):N0} bytes of IL), {Interlocked.Read(ref _osrEntries)} loop entries\n");
        foreach (var r in compiled.OrderByDescending(r => r.CompileMs + r.NetJitMs))
            sb.Append(inv, $"  compiled {r.Name} ({Path.GetFileName(r.File)}:{r.Line}): {r.CompileMs:F3} ms + .NET JIT {r.NetJitMs:F3} ms{(r.Generic ? ", without speculation" : "")}{(r.OsrEntries > 0 ? $", {r.OsrEntries} loop entries" : "")}, {r.IlBytes:N0} bytes of IL ({r.ExitIlBytes:N0} in exits)\n");
        foreach (var r in recs.Where(r => r.Deopts > 0).OrderByDescending(r => r.Deopts))
        {
            sb.Append(inv, $"  deopts {r.Name}: {r.Deopts}\n");
            lock (r)
            {
                foreach (var ((pc, why), n) in r.DeoptSites.OrderByDescending(kv => kv.Value))
                    sb.Append(inv, $"    pc {pc:D4} {why}: {n}\n");
            }
        }
        foreach (var r in recs.Where(r => r.Failed))
            sb.Append(inv, $"  interpreted {r.Name} ({Path.GetFileName(r.File)}:{r.Line}): {r.FailReason}\n");
        return sb.ToString();
    }
}
