namespace Sentra.Fuzz;

/// <summary>
/// Delta debugging (ddmin) over the lines of a failing program: removes chunks of lines,
/// halving the chunk size when no chunk can go, and keeps a candidate when it still fails
/// the same way (same <see cref="DiffResult.Signature"/>). A candidate that no longer
/// compiles simply fails the test, so unbalanced braces are never kept. Ends with single
/// lines, or after a fixed number of test runs.
/// </summary>
public static class Reducer
{
    /// <summary>Reduces <paramref name="source"/> while <paramref name="stillFails"/> holds; returns the smallest program found.</summary>
    public static string Reduce(string source, Func<string, bool> stillFails, int maxTests = 400)
    {
        var lines = source.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToList();
        if (!stillFails(string.Join("\n", lines))) lines = [.. source.Split('\n')];
        int tests = 0;
        int n = 2;
        while (lines.Count >= 2 && tests < maxTests)
        {
            int chunk = (lines.Count + n - 1) / n;
            bool removed = false;
            for (int start = 0; start < lines.Count && tests < maxTests; start += chunk)
            {
                var candidate = lines.Take(start).Concat(lines.Skip(start + chunk)).ToList();
                tests++;
                if (stillFails(string.Join("\n", candidate)))
                {
                    lines = candidate;
                    n = Math.Max(n - 1, 2);
                    removed = true;
                    break;
                }
            }
            if (!removed)
            {
                if (chunk == 1) break;
                n = Math.Min(lines.Count, n * 2);
            }
        }
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Reduces a program that fails on the runner, keeping its failure signature.</summary>
    public static string Reduce(DifferentialRunner runner, string source, DiffResult failure, int maxTests = 400)
    {
        var signature = failure.Signature;
        return Reduce(source, candidate =>
        {
            var r = runner.Run(candidate);
            // a candidate that no longer compiles, or that only runs into a limit, is not the same failure
            return r.Failed && r.Signature == signature && !r.Runs[0].Ending.StartsWith("syntax:", StringComparison.Ordinal);
        }, maxTests);
    }
}
