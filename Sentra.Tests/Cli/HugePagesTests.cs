using Sentra.Cli;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary>The CLI's huge-page advice finds the GC heap reservation in a maps listing.</summary>
public sealed class HugePagesTests
{
    [Fact]
    public void FindsTheLargestAnonymousMappingWithTheCommittedPartBeforeIt()
    {
        string[] maps =
        [
            "55d49e000000-55d49e001000 r--p 00000000 08:01 123 /opt/sentra/sentra",
            "7f9328000000-7f9338000000 rw-p 00000000 00:00 0 ",
            "7f9338c79000-7f933c000000 ---p 00000000 00:00 0",
            "7f934fc00000-7f93529c7000 rw-p 00000000 00:00 0",
            "7f93529c7000-7f9f10000000 ---p 00000000 00:00 0",
            "7f9f20a00000-7f9f21200000 rw-p 00000000 00:00 0",
            "7f9f25540000-7f9fa3800000 r-xp 00000000 08:01 456 /opt/sentra/libcoreclr.so",
        ];
        Assert.Equal((0x7f934fc00000UL, 0x7f9f10000000UL), HugePages.GcHeapRange(maps));
    }

    [Fact]
    public void NoReservationOfAGigabyteMeansNoAdvice()
    {
        string[] maps =
        [
            "7f9328000000-7f9338000000 rw-p 00000000 00:00 0",
            "7f9340000000-7f9360000000 r-xp 00000000 08:01 456 /big/file/mapping",
        ];
        Assert.Null(HugePages.GcHeapRange(maps));
    }

    [Fact]
    public void FindsTheGcHeapOfThisProcess()
    {
        if (!OperatingSystem.IsLinux()) return;
        var range = HugePages.GcHeapRange(File.ReadLines("/proc/self/maps"));
        Assert.NotNull(range);
        // an object allocated now lives inside the range
        var probe = new byte[100];
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(probe, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            Assert.InRange((ulong)handle.AddrOfPinnedObject(), range.Value.From, range.Value.To);
        }
        finally
        {
            handle.Free();
        }
    }
}
