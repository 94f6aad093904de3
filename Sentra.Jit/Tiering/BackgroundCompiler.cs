// The background compilation of Tier.Tiered: one thread per process translates the functions
// the interpreter found hot, and has the .NET JIT compile the resulting IL, while the
// interpreter keeps running them. The code is published on the function (FunctionProto.JitCode,
// the record's Code) by JitBackend.Compile only once complete; the interpreter's next call
// or loop check of the function finds it. A function is queued at most once per version
// (FunctionRecord.Queued), so it is compiled once however many engines and threads make it hot.
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Sentra.Runtime;

namespace Sentra.Jit.Tiering;

internal static class BackgroundCompiler
{
    private static readonly Queue<(JitBackend Backend, Closure Closure, Value[] Args)> s_queue = new();
    // queued plus being compiled: what WaitIdle waits for
    private static int s_pending;
    private static Thread? s_thread;

    /// <summary>Queues a compilation of <paramref name="closure"/>'s function (its record must be marked queued by the caller).</summary>
    public static void Enqueue(JitBackend backend, Closure closure, Value[] args)
    {
        lock (s_queue)
        {
            s_queue.Enqueue((backend, closure, args));
            s_pending++;
            if (s_thread is null)
            {
                // a plain background thread: it never keeps the process alive, and the
                // thread pool may not be started at all in a short script's process
                s_thread = new Thread(Run) { IsBackground = true, Name = "Sentra JIT" };
                s_thread.Start();
            }
            else Monitor.PulseAll(s_queue);
        }
    }

    private static void Run()
    {
        while (true)
        {
            (JitBackend Backend, Closure Closure, Value[] Args) job;
            lock (s_queue)
            {
                while (s_queue.Count == 0) Monitor.Wait(s_queue);
                job = s_queue.Dequeue();
            }
            try
            {
                job.Backend.CompileQueued(job.Closure, job.Args);
            }
            catch (Exception)
            {
                // Compile turns translator failures into "left interpreted"; whatever still
                // escapes (out of memory) must not end the process from this thread: the
                // function stays interpreted
            }
            finally
            {
                lock (s_queue)
                {
                    s_pending--;
                    Monitor.PulseAll(s_queue);
                }
            }
        }
    }

    /// <summary>Waits until no compilation is queued or running (tests); false on timeout.</summary>
    public static bool WaitIdle(TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        lock (s_queue)
        {
            while (s_pending > 0)
            {
                var left = end - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(s_queue, left);
            }
            return true;
        }
    }

    // DynamicMethod's internal GetMethodDescriptor, bound once as an open delegate (no
    // reflection invoke per compilation)
    private static readonly Func<DynamicMethod, RuntimeMethodHandle>? s_descriptor = FindDescriptor();

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "DynamicDependency keeps the method")]
    [DynamicDependency("GetMethodDescriptor", typeof(DynamicMethod))]
    private static Func<DynamicMethod, RuntimeMethodHandle>? FindDescriptor()
    {
        try
        {
            var m = typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes);
            return m?.ReturnType == typeof(RuntimeMethodHandle) ? m.CreateDelegate<Func<DynamicMethod, RuntimeMethodHandle>>() : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Whether <see cref="Prepare"/> can compile ahead of the first call on this runtime (tests).</summary>
    public static bool CanPrepare => s_descriptor is not null;

    /// <summary>
    /// Has the .NET JIT compile <paramref name="method"/> now, on this thread, instead of at
    /// its first call (on the script's thread). DynamicMethod has no public way to do that;
    /// where the runtime's internal one is missing the method is simply compiled at its first call.
    /// </summary>
    public static void Prepare(DynamicMethod method)
    {
        if (s_descriptor is null) return;
        try
        {
            RuntimeHelpers.PrepareMethod(s_descriptor(method));
        }
        catch (Exception)
        {
            // only an optimization: the first call compiles it
        }
    }
}
