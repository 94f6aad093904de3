using Sentra.Hosting;
using Xunit;

namespace Sentra.Tests.Corpus;

/// <summary>Runs every script of Scripts/ on every tier and checks the expectations inside it.</summary>
public sealed class ScriptTests
{
    public static string ScriptsRoot => Path.Combine(AppContext.BaseDirectory, "Scripts");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(ScriptsRoot, "*.sn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(ScriptsRoot, file).Replace('\\', '/');
            // module helpers live in lib/ folders and are not tests themselves
            if (rel.Split('/').Contains("lib")) continue;
            foreach (var tier in Tiers.All) data.Add(rel, tier);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Script(string script, string tier)
    {
        var path = Path.Combine(ScriptsRoot, script);
        var source = File.ReadAllText(path);
        var expect = ScriptExpectations.Parse(source);
        var output = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(Tiers.Options(tier, output, path));
        // __jit_compiled(f): on the eager tiers, an error unless f runs compiled (so a JIT
        // script cannot pass by never compiling); nothing on the others
        engine.RegisterFunction("__jit_compiled", 1, 1, (rt, args) =>
        {
            if (tier is "jit" or "stress" && args[0].RawObj is Runtime.Closure c && !Tiers.Backend(tier)!.IsCompiled(c.Proto))
                Sentra.Throw.Error($"{c.Proto.Name} is not compiled on tier {tier}");
            return default;
        });

        SentraScript compiled;
        try
        {
            compiled = SentraEngine.Compile(source, path);
        }
        catch (SentraSyntaxException e)
        {
            Assert.True(expect.SyntaxErrorLine is not null, $"unexpected syntax error:\n{e.Render()}");
            Assert.Equal(expect.SyntaxErrorLine, e.Span!.Value.Line);
            Assert.Contains(expect.SyntaxErrorText ?? "", e.ErrorMessage);
            return;
        }
        Assert.True(expect.SyntaxErrorLine is null, $"expected a syntax error at line {expect.SyntaxErrorLine}, but the script compiled");

        string? error = null;
        try
        {
            engine.Run(compiled);
        }
        catch (SentraRuntimeException e)
        {
            error = e.Headline.Split('\n')[0];
        }
        catch (SentraLimitException e)
        {
            error = "limit: " + e.Message;
        }

        var actual = output.ToString().Split('\n').ToList();
        if (actual.Count > 0 && actual[^1] == "") actual.RemoveAt(actual.Count - 1);
        var actualTrimmed = actual.Select(l => l.TrimEnd()).ToList();
        Assert.Equal(string.Join("\n", expect.Output), string.Join("\n", actualTrimmed));
        if (expect.RuntimeError is null) Assert.True(error is null, $"unexpected error: {error}");
        else Assert.Equal("Runtime error: " + expect.RuntimeError, error);
    }
}
