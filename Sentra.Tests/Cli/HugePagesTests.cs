using System.Runtime.InteropServices;
using Sentra.Cli;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary>The CLI's huge-page preparation finds the GC heap reservation, and only it.</summary>
public sealed class HugePagesTests
{
    // a listing shaped like a real one: bookkeeping, a guard page, the GC's committed
    // regions and its 48 GB reservation, then libraries
    private static readonly string s_maps = string.Join('\n',
    [
        "55d49e000000-55d49e001000 r--p 00000000 08:01 123 /opt/sentra/sentra",
        "7f9328000000-7f9338000000 rw-p 00000000 00:00 0 ",
        "7f9338000000-7f9338001000 ---p 00000000 00:00 0",
        "7f934fc00000-7f93529c7000 rw-p 00000000 00:00 0",
        "7f93529c7000-7f9f10000000 ---p 00000000 00:00 0",
        "7f9f10000000-7f9f10021000 rw-p 00000000 00:00 0",
        "7f9f25540000-7f9fa3800000 r-xp 00000000 08:01 456 /opt/sentra/libcoreclr.so",
    ]);

    [Fact]
    public void TakesTheRunFromTheObjectsMappingForwardUpToTheWindow()
    {
        var range = HugePages.GcHeapRange(s_maps, 0x7f934fc12340);
        Assert.Equal((0x7f934fc00000UL, 0x7f934fc00000UL + HugePages.Window), range);
    }

    [Fact]
    public void NeverReachesBackBeforeTheObjectsMapping()
    {
        // the guard page and the bookkeeping before the heap stay as they are
        var range = HugePages.GcHeapRange(s_maps, 0x7f93529c7000 + 0x1000);
        Assert.NotNull(range);
        Assert.Equal(0x7f93529c7000UL, range.Value.From);
    }

    [Fact]
    public void StopsAtTheFirstGapOrFileMapping()
    {
        string maps = string.Join('\n',
        [
            "7f0000000000-7f0000100000 rw-p 00000000 00:00 0",
            "7f0000100000-7f0050000000 ---p 00000000 00:00 0",   // 1.25 GB, then a gap
            "7f0060000000-7f0160000000 ---p 00000000 00:00 0",
        ]);
        Assert.Equal((0x7f0000000000UL, 0x7f0050000000UL), HugePages.GcHeapRange(maps, 0x7f0000000100));
    }

    [Fact]
    public void NoAdviceWithoutAReservationOrForAFileMapping()
    {
        string small = string.Join('\n',
        [
            "7f9328000000-7f9338000000 rw-p 00000000 00:00 0",   // 256 MB only
            "7f9340000000-7f9360000000 r-xp 00000000 08:01 456 /big/file/mapping",
        ]);
        Assert.Null(HugePages.GcHeapRange(small, 0x7f9328000100));
        Assert.Null(HugePages.GcHeapRange(small, 0x7f9340000100));
        Assert.Null(HugePages.GcHeapRange(small, 0x1000)); // in no mapping
    }

    [Fact]
    public void ReadsAddressesInEitherCaseAndSkipsLinesThatAreNotMappings()
    {
        string maps = string.Join('\n',
        [
            "",
            "not a mapping line",
            "7g00-7f01 rw-p 00000000 00:00 0",                      // not hex: skipped
            "7f00000000000000a-7f00000000000000b rw-p 00000000 00:00 0", // 17 digits: skipped
            "7F0000000000-7F0000100000 rw-p 00000000 00:00 0",     // upper case
            "7f0000100000-7f0050000000 ---p 00000000 00:00 0",
            "",
        ]);
        Assert.Equal((0x7f0000000000UL, 0x7f0050000000UL), HugePages.GcHeapRange(maps, 0x7f0000000100));
        Assert.Null(HugePages.GcHeapRange(maps, 0x7f0000));
        // the last line without a newline is read too
        Assert.Equal((0x7f0000000000UL, 0x7f0050000000UL), HugePages.GcHeapRange(maps.TrimEnd('\n'), 0x7f0000000100));
    }

    [Fact]
    public void KeepsTheWindowPreparedAfterCollections()
    {
        bool expected = OperatingSystem.IsLinux()
            && File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[madvise]")
            && Environment.GetEnvironmentVariable("SENTRA_HUGE_PAGES") != "0";
        bool engaged = HugePages.AdviseGcHeap();
        Assert.Equal(expected, engaged);
        if (!engaged) return;
        // each collection finalizes the registered object, which prepares the window again
        int before = HugePages.Preparations;
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.True(HugePages.Preparations >= before + 2, $"{before} -> {HugePages.Preparations}");
    }

    [Fact]
    public void FindsTheGcHeapOfThisProcess()
    {
        if (!OperatingSystem.IsLinux()) return;
        var probe = new byte[64];
        var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
        try
        {
            ulong address = (ulong)handle.AddrOfPinnedObject();
            var range = HugePages.GcHeapRange(File.ReadAllText("/proc/self/maps"), address);
            Assert.NotNull(range);
            Assert.InRange(address, range.Value.From, range.Value.To - 1);
            Assert.InRange(range.Value.To - range.Value.From, HugePages.MinReservation, HugePages.Window);
        }
        finally
        {
            handle.Free();
        }
    }
}
