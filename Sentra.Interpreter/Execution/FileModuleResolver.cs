namespace Sentra.Execution;

/// <summary>SPEC 3.13 resolution on the file system.</summary>
public sealed class FileModuleResolver : IModuleResolver
{
    private readonly string? _mainDir;

    public FileModuleResolver(string? mainScriptPath = null)
    {
        _mainDir = mainScriptPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(mainScriptPath));
    }

    public (string Key, string File, string Source)? Resolve(string path, string importingFile)
    {
        foreach (var candidate in Candidates(path, importingFile))
        {
            try
            {
                if (File.Exists(candidate))
                {
                    var full = Path.GetFullPath(candidate);
                    return (full, candidate, File.ReadAllText(full));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // unreadable candidates count as absent
            }
        }
        return null;
    }

    private IEnumerable<string> Candidates(string p, string importingFile)
    {
        bool hasExt = p.EndsWith(".sn", StringComparison.Ordinal);
        if (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal))
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(importingFile)) ?? ".";
            if (!hasExt) yield return Path.Combine(dir, p + ".sn");
            yield return Path.Combine(dir, p);
            yield break;
        }
        var dirs = new List<string>();
        if (_mainDir is not null) dirs.Add(_mainDir);
        dirs.Add(Directory.GetCurrentDirectory());
        if (_mainDir is not null) dirs.Add(Path.Combine(_mainDir, "lib"));
        foreach (var d in dirs)
        {
            yield return Path.Combine(d, p + ".sn");
            yield return Path.Combine(d, p);
            yield return Path.Combine(d, p, "index.sn");
        }
        yield return p + ".sn";
        yield return p;
    }
}
