// SPEC 4.2.10 file builtins, plus the io module's extra members (SPEC 4.3). Every one of them
// first checks the host's sandbox switch (error "file access is disabled"). Failures are
// reported like Go's os errors: "<builtin> error: <op> <path>: <reason>".
using System.Text;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>read_file/file_read, write_file, file_exists, file_stat; io.listdir/mkdir/remove/rename/append.</summary>
internal static class FileBuiltins
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    internal static void Register(BuiltinTable t)
    {
        t.Add("read_file", 1, 1, ReadFile);
        t.Alias("file_read", "read_file");
        t.Add("write_file", 2, 2, WriteFile);
        t.Add("file_exists", 1, 1, FileExists);
        t.Add("file_stat", 1, 1, FileStat);
    }

    /// <summary>The io module members that have no global builtin.</summary>
    internal static IEnumerable<BuiltinFunction> CreateIoExtras() =>
    [
        new("listdir", 1, 1, ListDir),
        new("mkdir", 1, 1, MkDir),
        new("remove", 1, 1, Remove),
        new("rename", 2, 2, Rename),
        new("append", 2, 2, Append),
    ];

    /// <summary>The error a file builtin returns when the host has disabled file access.</summary>
    private static Value AccessDisabled() => BuiltinError.Of("file access is disabled");

    private static bool IsIoError(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException
            or System.Security.SecurityException;

    /// <summary>Go-style "op path: reason" for a .NET I/O failure.</summary>
    private static string Reason(Exception ex, string op, string path)
    {
        string reason = ex switch
        {
            FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
            UnauthorizedAccessException or System.Security.SecurityException => "permission denied",
            PathTooLongException => "file name too long",
            ArgumentException => path.Length == 0 ? "no such file or directory" : "invalid argument",
            _ => ex.Message,
        };
        return $"{op} {path}: {reason}";
    }

    private static Value Fail(string builtin, Exception ex, string op, string path) =>
        BuiltinError.Of($"{builtin} error: {Reason(ex, op, path)}");

    private static Value ReadFile(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        try
        {
            if (Directory.Exists(path)) return BuiltinError.Of($"read_file error: read {path}: is a directory");
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length > Limits.MaxStringLength) return BuiltinError.Of("read_file error: file too large");
            RunBudget.Charge(bytes.Length);
            RunBudget.Reserve((long)bytes.Length * sizeof(char));
            return Value.FromString(s_utf8.GetString(bytes));
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("read_file", ex, "open", path); }
    }

    /// <summary>Creates or truncates the file (mode 0644 on Unix) and writes str(content) as UTF-8.</summary>
    private static Value WriteFile(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        string content = Args.Str(a, 1);
        try
        {
            if (Directory.Exists(path)) return BuiltinError.Of($"write_file error: open {path}: is a directory");
            WriteBytes(path, s_utf8.GetBytes(content), FileMode.Create);
            return default;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("write_file", ex, "open", path); }
    }

    private static void WriteBytes(string path, byte[] bytes, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        using var fs = new FileStream(path, options);
        fs.Write(bytes);
    }

    /// <summary>Go os.Stat succeeded: true for files and directories.</summary>
    private static Value FileExists(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        return Value.FromBool(File.Exists(path) || Directory.Exists(path));
    }

    /// <summary>{name, size, is_dir, modified (Unix seconds)}.</summary>
    private static Value FileStat(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        try
        {
            FileSystemInfo info;
            long size;
            if (File.Exists(path)) { var fi = new FileInfo(path); info = fi; size = fi.Length; }
            else if (Directory.Exists(path)) { info = new DirectoryInfo(path); size = 0; }
            else return BuiltinError.Of($"file_stat error: stat {path}: no such file or directory");
            var m = new SentraMap(4);
            m.Set("name", Value.FromString(info.Name));
            m.Set("size", Value.FromInt(size));
            m.Set("is_dir", Value.FromBool(info is DirectoryInfo));
            m.Set("modified", Value.FromInt(new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()));
            return m;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("file_stat", ex, "stat", path); }
    }

    // ---- io module extras ------------------------------------------------------------------------

    /// <summary>io.listdir(path): entry names sorted by name (Go os.ReadDir order).</summary>
    private static Value ListDir(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        try
        {
            if (!Directory.Exists(path))
            {
                string reason = File.Exists(path) ? "not a directory" : "no such file or directory";
                return BuiltinError.Of($"listdir error: open {path}: {reason}");
            }
            var names = new List<string>();
            foreach (var e in new DirectoryInfo(path).EnumerateFileSystemInfos()) names.Add(e.Name);
            names.Sort(StringComparer.Ordinal);
            var arr = new SentraArray(names.Count);
            foreach (var n in names) arr.Add(Value.FromString(n));
            return arr;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("listdir", ex, "open", path); }
    }

    /// <summary>io.mkdir(path): creates the directory and any missing parents.</summary>
    private static Value MkDir(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        try
        {
            if (File.Exists(path)) return BuiltinError.Of($"mkdir error: mkdir {path}: file exists");
            Directory.CreateDirectory(path);
            return default;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("mkdir", ex, "mkdir", path); }
    }

    /// <summary>io.remove(path): deletes a file or an empty directory (Go os.Remove).</summary>
    private static Value Remove(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        try
        {
            if (File.Exists(path)) File.Delete(path);
            else if (Directory.Exists(path)) Directory.Delete(path, recursive: false);
            else return BuiltinError.Of($"remove error: remove {path}: no such file or directory");
            return default;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("remove", ex, "remove", path); }
    }

    /// <summary>io.rename(old, new): moves a file (replacing the target) or a directory.</summary>
    private static Value Rename(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string from = Args.Str(a, 0), to = Args.Str(a, 1);
        try
        {
            if (File.Exists(from)) File.Move(from, to, overwrite: true);
            else if (Directory.Exists(from)) Directory.Move(from, to);
            else return BuiltinError.Of($"rename error: rename {from} {to}: no such file or directory");
            return default;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("rename", ex, "rename", from + " " + to); }
    }

    /// <summary>io.append(path, content): appends str(content), creating the file if needed.</summary>
    private static Value Append(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!rt.AllowFileAccess) return AccessDisabled();
        string path = Args.Str(a, 0);
        string content = Args.Str(a, 1);
        try
        {
            if (Directory.Exists(path)) return BuiltinError.Of($"append error: open {path}: is a directory");
            WriteBytes(path, s_utf8.GetBytes(content), FileMode.Append);
            return default;
        }
        catch (Exception ex) when (IsIoError(ex)) { return Fail("append", ex, "open", path); }
    }
}
