using System.Runtime.InteropServices;

namespace Sentra.Cli;

/// <summary>
/// Lets Linux back the .NET GC heap with transparent huge pages (2 MB) where the system
/// grants them on request (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> =
/// <c>madvise</c>, the usual default). Allocation-heavy scripts touch tens of megabytes of
/// fresh heap in a sub-second run, and with 4 KB pages that is a page fault per 4 KB; page
/// faults are expensive, on virtual machines especially (docs/performance.md, "Memory and the GC (CLI)").
///
/// The GC reserves its heap as one inaccessible range at start-up and makes pieces of it
/// accessible as it commits them, 64 KB at a time for small objects. The kernel gives a huge
/// page only where a whole aligned 2 MB block lies in one mapping with uniform flags, which
/// such piecewise commits never produce. So the CLI, once at start-up, makes the first
/// <see cref="Window"/> of the reservation readable, writable and dumpable (the flags the GC's
/// own commit sets) and advises huge pages for it: nothing is touched, so nothing is used
/// until the GC allocates there, and then a fault maps 2 MB. The GC's bookkeeping is not
/// affected: it still commits (a no-op on these pages) and decommits as before.
///
/// The GC gives a region back to the system by mapping fresh inaccessible memory over it,
/// which also drops the advice; when it takes the region again it makes it accessible 64 KB at
/// a time, and then every 4 KB faults in on its own (<c>binary_trees</c>: about 9,000 such
/// faults per run). So the window is prepared again after every collection, by the finalizer
/// of an object that lives until the next one: the regions given back hold no pages, and
/// nothing is used until the GC allocates there again.
///
/// The range is found from the address of a fresh object: the mapping that holds it and the
/// anonymous mappings contiguous after it (the reservation), nothing before it. Best effort:
/// any failure, a layout other than expected, or <c>SENTRA_HUGE_PAGES=0</c> keeps the
/// defaults. The CLI's choice only: a host embedding the library decides for its own process.
/// </summary>
internal static class HugePages
{
    /// <summary>How much of the reservation is prepared (the GC allocates regions from its start).</summary>
    internal const ulong Window = 4UL << 30;
    /// <summary>The least size of the run taken for the GC's reservation (regions reserve far more).</summary>
    internal const ulong MinReservation = 1UL << 30;

    private const int ProtReadWrite = 3; // PROT_READ | PROT_WRITE
    private const int MadvHugePage = 14;
    private const int MadvDoDump = 17;

    // plain DllImports: blittable arguments need no marshalling (LibraryImport would need
    // unsafe code enabled for these two calls)
    [DllImport(Libc.Name, EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);

    [DllImport(Libc.Name, EntryPoint = "mprotect")]
    private static extern int Mprotect(nint address, nuint length, int protection);

    private static nint s_start;
    private static nuint s_length;
    private static int s_preparations;

    /// <summary>How many times the window was prepared (once at start-up, then after collections).</summary>
    internal static int Preparations => Volatile.Read(ref s_preparations);

    /// <summary>Prepares the window and keeps it prepared; false when nothing was done.</summary>
    public static bool AdviseGcHeap()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("SENTRA_HUGE_PAGES") == "0") return false;
        try
        {
            if (!RawFile.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[madvise]")) return false;
            ulong probe = AddressOfAFreshObject(); // before the listing, which must show its mapping
            if (GcHeapRange(RawFile.ReadAllText("/proc/self/maps"), probe) is not var (from, to)) return false;
            (s_start, s_length) = ((nint)from, (nuint)(to - from));
            if (!Prepare()) return false;
            AfterEveryCollection.Register();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException
                                      or DllNotFoundException or EntryPointNotFoundException)
        {
            // not the Linux we expected: keep the defaults
            return false;
        }
    }

    /// <summary>Uniform flags over the window first (one mapping), then the advice for it.</summary>
    private static bool Prepare()
    {
        if (Mprotect(s_start, s_length, ProtReadWrite) != 0) return false;
        Madvise(s_start, s_length, MadvDoDump);
        Madvise(s_start, s_length, MadvHugePage);
        Interlocked.Increment(ref s_preparations);
        return true;
    }

    /// <summary>Its finalizer runs after the next collection, prepares the window and registers a successor.</summary>
    private sealed class AfterEveryCollection
    {
        public static void Register() => _ = new AfterEveryCollection();

        ~AfterEveryCollection()
        {
            if (Prepare()) Register();
        }
    }

    private static ulong AddressOfAFreshObject()
    {
        var probe = new byte[64];
        var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
        try
        {
            return (ulong)handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// The start of the GC heap's reservation in a <c>/proc/PID/maps</c> listing (its text,
    /// read line by line over spans, with a hand-written hex parse: <c>string.Split</c> and
    /// <c>ulong.Parse</c> cost 1.6 ms of cold start-up here, 3% of a hello world): from the
    /// anonymous mapping holding <paramref name="objectAddress"/> over the anonymous mappings
    /// contiguous after it, at most <see cref="Window"/>. Null unless that run reaches
    /// <see cref="MinReservation"/> (then it is not a GC reservation as we know it).
    /// </summary>
    internal static (ulong From, ulong To)? GcHeapRange(string maps, ulong objectAddress)
    {
        ulong from = 0, to = 0;
        bool inRun = false;
        for (ReadOnlySpan<char> rest = maps; !rest.IsEmpty;)
        {
            int newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            int dash = line.IndexOf('-'), space = line.IndexOf(' ');
            if (dash <= 0 || space < dash) continue;
            if (Hex(line[..dash]) is not ulong start || Hex(line[(dash + 1)..space]) is not ulong end) continue;
            // fields: range perms offset dev inode [path]; anonymous mappings have no path
            bool anonymous = FieldCount(line) < 6;
            if (!inRun)
            {
                if (objectAddress < start || objectAddress >= end) continue;
                if (!anonymous) return null;
                (from, to, inRun) = (start, end, true);
            }
            else if (anonymous && start == to) to = end;
            else break;
            if (to - from >= Window) break;
        }
        if (!inRun || to - from < MinReservation) return null;
        return (from, Math.Min(to, from + Window));
    }

    /// <summary>A hexadecimal address (no sign, no prefix); null if it is not one.</summary>
    private static ulong? Hex(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty || digits.Length > 16) return null;
        ulong value = 0;
        foreach (char c in digits)
        {
            int d = c is >= '0' and <= '9' ? c - '0' : (c | 0x20) is >= 'a' and <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) return null;
            value = (value << 4) | (uint)d;
        }
        return value;
    }

    private static int FieldCount(ReadOnlySpan<char> line)
    {
        int fields = 0;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != ' ' && (i == 0 || line[i - 1] == ' ')) fields++;
        }
        return fields;
    }
}
