// The limits of one run that are measured in time and memory rather than in steps: the
// deadline (ExecutionLimits.Timeout), the host's cancellation token and the memory budget
// (ExecutionLimits.MaxMemory).
//
// Where they are checked. The interpreter polls them where it already polls its step budget
// (every 16,384 back edges or calls, never per instruction). Work that does not go through
// the dispatch loop is checked by the code doing it: builtins whose work grows with their
// input charge it (Charge) and are checked every WorkPerCheck units; allocations that grow
// with the script's data (string concatenation and repetition, array and map growth, big
// builtin results) ask for their size first (Reserve); sleep waits on the token and the
// deadline. Those callers have no runtime at hand (ValueOps, SentraArray), so the budget of
// the run on this thread is a thread static, set when a run starts (Start) and put back by
// the host when it ends (SentraEngine), so that nested runs on one thread each see their own.
//
// Memory. .NET cannot tell how much of the heap one thread keeps alive, but it counts what
// each thread allocates (GC.GetAllocatedBytesForCurrentThread, a few nanoseconds). While the
// run's thread has allocated less than the budget since the run began, the run cannot hold
// more than that. Once it has allocated more (garbage included), the heap's growth since the
// run began is measured, after a full collection unless the heap is within the budget even
// with its garbage: the run ends if that growth exceeds the budget, and otherwise the count
// starts again from the growth, leaving at least a quarter of the budget before the next
// measure (a run close to its budget does not collect constantly). So a run that makes garbage at any rate is never stopped for it, and one that
// keeps data alive stops soon after the heap grew by the budget. The growth is the
// process's: in a host where other threads grow the heap while the run is at its budget,
// their growth counts too. Garbage in the heap when the run begins is room it may fill; a
// run collects at its start when the garbage made since the last collection exceeds a
// quarter of its budget (a previous run's data, typically).
using System.Runtime.CompilerServices;

namespace Sentra.Runtime;

/// <summary>The time, cancellation and memory limits of one run (see the file header).</summary>
public sealed class RunBudget
{
    [ThreadStatic] private static RunBudget? t_current;

    /// <summary>Units of builtin work (elements visited, characters written) between two checks.</summary>
    public const int WorkPerCheck = 1 << 16;

    /// <summary>
    /// Allocations from this size (bytes) up are checked by <see cref="Reserve"/> before they
    /// happen; smaller ones are left to the periodic checks.
    /// </summary>
    public const int LargeAllocation = 1 << 16;

    private const long Unlimited = long.MaxValue;

    private long _deadline = Unlimited;
    private CancellationToken _token;
    private long _maxMemory = Unlimited;
    /// <summary>The thread's allocation count from which the run is charged (moved on after each collection).</summary>
    private long _allocatedBase;
    /// <summary>The heap's size when the run began.</summary>
    private long _heapBase;
    private long _work;

    /// <summary>
    /// The budget of the run on this thread: set when a run starts (<see cref="Start"/>);
    /// <c>SentraEngine</c> puts back the one before when its run ends, so that a run nested in
    /// a host function of another on the same thread leaves the outer run's in place.
    /// </summary>
    public static RunBudget? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>The tick (<see cref="Environment.TickCount64"/>) past which the run times out; <see cref="long.MaxValue"/> for none.</summary>
    public long Deadline => _deadline;

    /// <summary>
    /// Arms the budget for a run that began at <paramref name="startedAt"/> (an
    /// <see cref="Environment.TickCount64"/> value) and makes it this thread's current one.
    /// Call it on the thread that runs the script: the memory count is that thread's.
    /// </summary>
    public void Start(long startedAt, TimeSpan? timeout, CancellationToken token, long? maxMemory)
    {
        _deadline = Unlimited;
        if (timeout is TimeSpan t)
        {
            double ms = Math.Ceiling(Math.Max(0, t.TotalMilliseconds));
            _deadline = ms >= Unlimited - startedAt ? Unlimited : startedAt + (long)ms;
        }
        _token = token;
        _work = 0;
        _maxMemory = maxMemory is long m ? Math.Max(0, m) : Unlimited;
        if (_maxMemory != Unlimited)
        {
            _allocatedBase = GC.GetAllocatedBytesForCurrentThread();
            _heapBase = GC.GetTotalMemory(forceFullCollection: false);
            // garbage made since the last collection (such as a previous run's data) would
            // count as room for this run: when there is much of it, collect it first
            if (_heapBase - GC.GetGCMemoryInfo().HeapSizeBytes > _maxMemory / 4)
            {
                GC.Collect();
                _heapBase = GC.GetTotalMemory(forceFullCollection: false);
            }
        }
        t_current = this;
    }

    /// <summary>Throws <see cref="SentraLimitException"/> if the run is cancelled, out of time or over its memory budget.</summary>
    public void Check()
    {
        if (Exceeded() is { } stop) throw stop;
        if (_maxMemory != Unlimited && GC.GetAllocatedBytesForCurrentThread() - _allocatedBase > _maxMemory) CheckHeap(0);
    }

    /// <summary>The error that ends a run cancelled or out of time (null while neither): for code that must not throw where it stands.</summary>
    public SentraLimitException? Exceeded()
    {
        if (_token.IsCancellationRequested) return new SentraLimitException(LimitKind.Cancelled);
        if (Environment.TickCount64 > _deadline) return new SentraLimitException(LimitKind.Timeout);
        return null;
    }

    /// <summary>
    /// Counts <paramref name="work"/> units of a builtin's work against the current run (if
    /// any) and checks the budget every <see cref="WorkPerCheck"/> units: how long builtins
    /// (str, join, sort, json, regex replacement) stop on time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Charge(long work)
    {
        if (t_current is { } budget && (budget._work += work) >= WorkPerCheck) budget.ChargeCheck();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ChargeCheck()
    {
        _work = 0;
        Check();
    }

    /// <summary>
    /// Before an allocation of <paramref name="bytes"/> that grows with the script's data:
    /// if it is large (<see cref="LargeAllocation"/>), ends the run (a
    /// <see cref="SentraLimitException"/>) when the allocation would take it past its memory
    /// budget, or when the run is cancelled or out of time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Reserve(long bytes)
    {
        if (bytes >= LargeAllocation && t_current is { } budget) budget.ReserveCore(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReserveCore(long bytes)
    {
        if (Exceeded() is { } stop) throw stop;
        if (_maxMemory == Unlimited) return;
        if (bytes > _maxMemory) throw MemoryExceeded();
        if (GC.GetAllocatedBytesForCurrentThread() - _allocatedBase > _maxMemory - bytes) CheckHeap(bytes);
    }

    /// <summary>
    /// The run's thread allocated more than the budget: has the heap really grown that much?
    /// Its size now (garbage included) answers no at no cost when the collector has freed the
    /// garbage already; otherwise a full collection tells (see the file header).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckHeap(long more)
    {
        long grown = GC.GetTotalMemory(forceFullCollection: false) - _heapBase;
        if (grown > _maxMemory - more)
        {
            GC.Collect();
            grown = GC.GetTotalMemory(forceFullCollection: false) - _heapBase;
            if (grown > _maxMemory - more) throw MemoryExceeded();
        }
        _allocatedBase = GC.GetAllocatedBytesForCurrentThread() - Math.Clamp(grown, 0, _maxMemory - _maxMemory / 4);
    }

    private static SentraLimitException MemoryExceeded() => new(LimitKind.MemoryBudget);

    /// <summary>
    /// sleep: waits <paramref name="ms"/> milliseconds, or less when the run is cancelled or
    /// reaches its deadline meanwhile, which ends it as a poll would.
    /// </summary>
    public static void Sleep(long ms)
    {
        if (ms <= 0) return;
        var budget = t_current;
        if (budget is null)
        {
            Thread.Sleep((int)Math.Min(ms, int.MaxValue));
            return;
        }
        budget.SleepCore(ms);
    }

    private void SleepCore(long ms)
    {
        long now = Environment.TickCount64;
        long end = ms >= Unlimited - now ? Unlimited : now + ms;
        while (true)
        {
            Check();
            now = Environment.TickCount64;
            if (now >= end) return;
            // wake at the end of the sleep or just past the deadline, whichever is first
            long wake = _deadline == Unlimited ? end : Math.Min(end, _deadline + 1);
            int wait = (int)Math.Clamp(wake - now, 1, int.MaxValue);
            if (_token.CanBeCanceled) _token.WaitHandle.WaitOne(wait);
            else Thread.Sleep(wait);
        }
    }
}
