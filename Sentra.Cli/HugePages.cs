using System.Globalization;
using System.Runtime.InteropServices;

namespace Sentra.Cli;

/// <summary>
/// Asks Linux to back the .NET GC heap with transparent huge pages (2 MB) where the system
/// grants them only on request (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> =
/// <c>madvise</c>, the usual default). A script that builds a large array touches tens of
/// megabytes of fresh heap in a sub-second run; with 4 KB pages that is a page fault per
/// 4 KB, and page faults are expensive, on virtual machines especially. The GC reserves its
/// whole heap range at start-up (regions), so one <c>madvise(MADV_HUGEPAGE)</c> over that
/// reservation covers what it commits later (in practice: large commits, such as big
/// arrays; the GC commits small objects' memory in pieces too small for a huge page).
/// Measured in docs/performance.md ("Third round"). Best effort: any failure keeps the
/// defaults. The CLI's choice only: a host decides this for its own process.
/// </summary>
internal static class HugePages
{
    private const int MadvHugePage = 14;

    // a plain DllImport: blittable arguments need no marshalling (LibraryImport would need
    // unsafe code enabled for this one call)
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);

    public static void AdviseGcHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (!File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[madvise]")) return;
            if (GcHeapRange(File.ReadLines("/proc/self/maps")) is var (from, to))
                Madvise((nint)from, (nuint)(to - from), MadvHugePage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException
                                      or DllNotFoundException or EntryPointNotFoundException)
        {
            // not the Linux we expected: keep the defaults
        }
    }

    /// <summary>
    /// The GC heap in a <c>/proc/PID/maps</c> listing: the largest anonymous mapping (the
    /// reservation, at least 1 GB), extended down over the anonymous mappings directly
    /// before it (the part already committed). Null when there is no such mapping.
    /// </summary>
    internal static (ulong From, ulong To)? GcHeapRange(IEnumerable<string> mapsLines)
    {
        var maps = new List<(ulong Start, ulong End, bool Anonymous)>();
        foreach (var line in mapsLines)
        {
            int dash = line.IndexOf('-'), space = line.IndexOf(' ');
            if (dash <= 0 || space < dash) continue;
            ulong start = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong end = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            // fields: range perms offset dev inode [path]; anonymous mappings have no path
            maps.Add((start, end, FieldCount(line) < 6));
        }
        int largest = -1;
        for (int i = 0; i < maps.Count; i++)
        {
            if (maps[i].Anonymous && (largest < 0 || maps[i].End - maps[i].Start > maps[largest].End - maps[largest].Start))
                largest = i;
        }
        if (largest < 0 || maps[largest].End - maps[largest].Start < (1UL << 30)) return null;
        int first = largest;
        while (first > 0 && maps[first - 1].Anonymous && maps[first - 1].End == maps[first].Start) first--;
        return (maps[first].Start, maps[largest].End);
    }

    private static int FieldCount(string line)
    {
        int fields = 0;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != ' ' && (i == 0 || line[i - 1] == ' ')) fields++;
        }
        return fields;
    }
}
