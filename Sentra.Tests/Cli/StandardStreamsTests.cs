using System.IO.Pipes;
using System.Text;
using Sentra.Cli;
using Xunit;

namespace Sentra.Tests.Cli;

/// <summary>
/// The CLI's standard output stream writes like the console stream it replaces: in order on a
/// shared file, everything through a pipe, and silently nothing once the pipe's reader is gone.
/// </summary>
public sealed class StandardStreamsTests
{
    private static bool Unix => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    [Fact]
    public void AppendsAtTheSharedOffsetOfAFileLikeWriteDoes()
    {
        if (!Unix) return;
        var path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                int fd = (int)file.SafeFileHandle.DangerousGetHandle();
                // two writers on one open file, as two processes writing to one redirection:
                // each must continue where the other stopped, not at an offset of its own
                var first = new DescriptorStream(fd);
                var second = new DescriptorStream(fd);
                first.Write("one\n"u8);
                second.Write("two\n"u8);
                first.Write("three\n"u8);
            }
            Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WritesEverythingThroughAPipe()
    {
        if (!Unix) return;
        using var server = new AnonymousPipeServerStream(PipeDirection.In);
        using var client = new AnonymousPipeClientStream(PipeDirection.Out, server.ClientSafePipeHandle);
        var stream = new DescriptorStream((int)client.SafePipeHandle.DangerousGetHandle());
        var text = new string('x', 200_000) + "end"; // more than a pipe holds at once (partial writes) and than one chunk
        var reader = Task.Run(() => new StreamReader(server, Encoding.UTF8).ReadToEnd());
        stream.Write(Encoding.UTF8.GetBytes(text));
        client.Dispose();
        server.DisposeLocalCopyOfClientHandle();
        Assert.Equal(text, await reader);
    }

    [Fact]
    public void DropsOutputSilentlyOnceThePipesReaderIsGone()
    {
        if (!Unix) return;
        var server = new AnonymousPipeServerStream(PipeDirection.In);
        using var client = new AnonymousPipeClientStream(PipeDirection.Out, server.ClientSafePipeHandle);
        server.Dispose(); // `sentra run x.sn | head -1` after head exits
        var stream = new DescriptorStream((int)client.SafePipeHandle.DangerousGetHandle());
        stream.Write("lost\n"u8);
        stream.Write("also lost\n"u8);
        stream.Flush();
    }

    [Fact]
    public void ReportsOtherErrorsAndRefusesADescriptorItCannotWrite()
    {
        if (!Unix) return;
        var path = Path.GetTempFileName();
        try
        {
            using var readOnly = new FileStream(path, FileMode.Open, FileAccess.Read);
            int fd = (int)readOnly.SafeFileHandle.DangerousGetHandle();
            Assert.False(DescriptorStream.Probe(fd));
            Assert.Throws<IOException>(() => new DescriptorStream(fd).Write("x"u8));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>The CLI's last flush: an output that cannot be written is reported, not thrown.</summary>
public sealed class OutputReportTests
{
    private sealed class FailingWriter : StringWriter
    {
        public override void Flush() => throw new IOException("No space left on device");
    }

    [Fact]
    public void AFailedFlushOfStandardOutputIsReportedOnStandardError()
    {
        var stderr = new StringWriter();
        Assert.False(Program.Report(new FailingWriter(), stderr, "sentra: internal error: x"));
        Assert.Equal("sentra: cannot write standard output: No space left on device\nsentra: internal error: x" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public void AFlushThatWorksWritesOnlyTheMessage()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(Program.Report(stdout, stderr, null));
        Assert.Equal("", stderr.ToString());
        Assert.True(Program.Report(stdout, stderr, "note"));
        Assert.Equal("note" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public void AStandardErrorThatFailsTooStillReturns()
    {
        Assert.False(Program.Report(new FailingWriter(), new FailingWriter(), "lost"));
    }
}

/// <summary>The CLI's own file reading decodes exactly as File.ReadAllText, or declines.</summary>
public sealed class RawFileTests
{
    private static bool Unix => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    private static string Temp(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("log(\"héllo, wörld\")\n")]
    [InlineData("")]
    [InlineData("\uFEFFlet x = 1")] // a UTF-8 byte order mark is skipped, as File.ReadAllText does
    public void ReadsUtf8AsFileReadAllTextDoes(string text) => AssertReadsAsFileReadAllText(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void DecodesInvalidUtf8AndLongFilesAsFileReadAllTextDoes()
    {
        var bytes = new byte[300_000]; // several read chunks
        new Random(7).NextBytes(bytes);
        AssertReadsAsFileReadAllText(bytes);
    }

    private static void AssertReadsAsFileReadAllText(byte[] bytes)
    {
        if (!Unix) return;
        var path = Temp(bytes);
        try
        {
            Assert.Equal(File.ReadAllText(path), RawFile.TryReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DeclinesWhatFileReadAllTextShouldDecideOrReport()
    {
        if (!Unix) return;
        var utf16 = Temp([0xFF, 0xFE, (byte)'a', 0]);
        try
        {
            Assert.Null(RawFile.TryReadAllText(utf16)); // another encoding
            Assert.Null(RawFile.TryReadAllText(utf16 + ".missing"));
            Assert.Null(RawFile.TryReadAllText(Path.GetTempPath())); // a directory
            Assert.Null(RawFile.TryReadAllText(utf16 + "\0.sn")); // would name another file
            Assert.Null(RawFile.TryReadAllText(""));
        }
        finally
        {
            File.Delete(utf16);
        }
    }
}
