using System.Text.RegularExpressions;
using Sentra;            // SentraException and its subclasses
using Sentra.Execution;  // ExecutionLimits, IModuleResolver, FileModuleResolver
using Sentra.Hosting;    // SentraEngine, EngineOptions, SentraScript
using Sentra.Runtime;    // Value, HostFunction
using Sentra.Tests.Examples;
using Xunit;

namespace Sentra.Tests.Docs;

sealed class MemoryModules(Dictionary<string, string> sources) : IModuleResolver
{
    public (string Key, string File, string Source)? Resolve(string path, string importingFile) =>
        sources.TryGetValue(path, out var source) ? (path, path + ".sn", source) : null;
}

/// <summary>
/// Every C# snippet of docs/embedding.md and of the README, compiled and run: each test holds
/// one snippet as written in the page, then checks what the page says it gives. The first
/// test checks that every snippet of the pages is in this file, so a page cannot drift from
/// code that compiles.
/// </summary>
public sealed class EmbeddingDocTests
{
    private static IEnumerable<string> Lines(string text) =>
        text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    [Theory]
    [InlineData("docs/embedding.md")]
    [InlineData("README.md")]
    [InlineData("docs/nuget-readme.md")]
    public void EverySnippetOfThePageIsCompiledHere(string page)
    {
        var text = File.ReadAllText(Path.Combine(ExamplesTests.RepoRoot, page));
        var self = string.Join("\n", Lines(File.ReadAllText(Path.Combine(ExamplesTests.RepoRoot, "Sentra.Tests", "Docs", "EmbeddingDocTests.cs"))));
        var blocks = Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.NotEmpty(blocks);
        foreach (Match block in blocks)
        {
            var snippet = string.Join("\n", Lines(block.Groups[1].Value));
            Assert.True(self.Contains(snippet, StringComparison.Ordinal), $"{page}: this snippet is not in EmbeddingDocTests.cs:\n{snippet}");
        }
    }

    [Fact]
    public void Hello()
    {
        using var engine = new SentraEngine(new EngineOptions { Output = Console.Out });
        engine.Run("print(\"hello from Sentra\")");
    }

    [Fact]
    public void PackageReadme()
    {
        using var engine = new SentraEngine(new EngineOptions { Output = Console.Out });
        engine.SetValue("name", "world");
        engine.Run("print(\"hello \" + name)");
    }

    [Fact]
    public void CompileOnceRunMany()
    {
        var script = SentraEngine.Compile("fn area(w, h) { return w * h }\nreturn area(width, height)", "area.sn");
        using var engine = new SentraEngine();
        var areas = new List<long>();
        for (int w = 1; w <= 3; w++)
        {
            engine.SetValue("width", w).SetValue("height", 10);
            areas.Add(engine.Run(script).ToInt64());   // a top-level return is Run's result
        }
        // areas: 10, 20, 30
        Assert.Equal([10L, 20L, 30L], areas);
    }

    [Fact]
    public void ValuesBothWays()
    {
        using var engine = new SentraEngine();
        engine.SetValue("scores", new List<int> { 3, 5, 8 });
        engine.SetValue("user", new Dictionary<string, object?> { ["name"] = "ada", ["admin"] = true });
        engine.Run("""
            let total = 0
            for s in scores { total = total + s }
            let summary = {name: upper(user.name), total: total, tags: ["a", "b"]}
            """);
        long total = engine.GetValue("total").ToInt64();                              // 16
        var summary = engine.GetValue("summary").To<Dictionary<string, object?>>();
        string name = (string)summary["name"]!;                                       // "ADA"
        var tags = (List<object?>)summary["tags"]!;                                   // "a", "b"
        Assert.Equal(16, total);
        Assert.Equal("ADA", name);
        Assert.Equal(16L, summary["total"]);
        Assert.Equal(["a", "b"], tags);
    }

    [Fact]
    public void ValuesOfTheWrongKind()
    {
        using var engine = new SentraEngine();
        engine.Run("let point = {x: 1, y: 2.5}\nlet words = [\"a\", \"b\"]");
        var point = (Dictionary<string, object?>)engine.GetValue("point").ToObject()!;  // x: 1L, y: 2.5
        string[] words = engine.GetValue("words").To<string[]>();
        try
        {
            engine.GetValue("words").ToInt64();
        }
        catch (InvalidCastException e)
        {
            Console.WriteLine(e.Message);   // cannot convert a Sentra array to Int64
        }
        Assert.Equal(1L, point["x"]);
        Assert.Equal(2.5, point["y"]);
        Assert.Equal(["a", "b"], words);
        Assert.Equal("cannot convert a Sentra array to Int64", Assert.Throws<InvalidCastException>(() => engine.GetValue("words").ToInt64()).Message);
    }

    [Fact]
    public void HostFunctions()
    {
        using var engine = new SentraEngine();
        engine.SetValue("add", (int a, int b) => a + b)
              .SetValue("greet", new Func<string, string, string>((name, greeting) => $"{greeting}, {name}!"));
        var sum = engine.Run("return add(2, 3)").ToInt64();                      // 5
        var text = engine.Run("return greet(\"Ada\", \"hello\")").To<string>();   // "hello, Ada!"
        Assert.Equal(5, sum);
        Assert.Equal("hello, Ada!", text);
    }

    [Fact]
    public void HostFunctionExceptions()
    {
        using var engine = new SentraEngine();
        engine.SetValue("load", (string id) => id.Length > 0 ? "record " + id : throw new KeyNotFoundException("no id given"));
        try
        {
            engine.Run("load(\"\")");
        }
        catch (SentraRuntimeException e)
        {
            Console.WriteLine(e.Message);                          // no id given
            Console.WriteLine(e.InnerException is KeyNotFoundException);  // True
        }
        var error = Assert.Throws<SentraRuntimeException>(() => engine.Run("load(\"\")"));
        Assert.Equal("no id given", error.Message);
        Assert.IsType<KeyNotFoundException>(error.InnerException);
        Assert.Equal("caught no id given", engine.Run("try { load(\"\") } catch e { return \"caught \" + e }").To<string>());
    }

    [Fact]
    public void BuiltinFunctions()
    {
        using var engine = new SentraEngine();
        engine.RegisterFunction("twice", 1, 1, (rt, args) => rt.Call(args[0], [Value.FromInt(21)]));
        long answer = engine.Run("return twice(fn(x) => x * 2)").ToInt64();   // 42
        engine.RegisterFunction("half", 1, 1, (rt, args) =>
            args[0].IsInt ? Value.FromInt(args[0].AsInt / 2) : BuiltinError.Of("half expects an int"));
        Assert.Equal(42, answer);
        Assert.Equal(21, engine.Run("return half(42)").ToInt64());
        Assert.Equal("half expects an int", engine.Run("try { half(\"x\") } catch e { return e }").To<string>());
        Assert.Equal("half expects an int", Assert.Throws<SentraRuntimeException>(() => engine.Run("half(nil)")).Message);
    }

    [Fact]
    public void CallingScriptFunctions()
    {
        using var engine = new SentraEngine();
        engine.Run("fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }");
        long f = engine.Invoke("fib", 20).ToInt64();   // 6765
        try
        {
            engine.Invoke("fibonacci", 20);
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine(e.Message);   // cannot call 'fibonacci': the script did not define it (or set it to nil)
        }
        Assert.Equal(6765, f);
        Assert.Equal("cannot call 'fibonacci': the script did not define it (or set it to nil)",
            Assert.Throws<InvalidOperationException>(() => engine.Invoke("fibonacci", 20)).Message);
    }

    [Fact]
    public void Errors()
    {
        try
        {
            SentraEngine.Compile("let = 1", "broken.sn");
        }
        catch (SentraException e)
        {
            Console.WriteLine(e.Render());   // SyntaxError: ... at broken.sn:1:5, the line and a caret
        }
        var error = Assert.Throws<SentraSyntaxException>(() => SentraEngine.Compile("let = 1", "broken.sn"));
        Assert.Contains("broken.sn:1:5", error.Render());
    }

    [Fact]
    public void Limits()
    {
        using var engine = new SentraEngine(new EngineOptions
        {
            Limits = new ExecutionLimits { MaxSteps = 1_000_000, Timeout = TimeSpan.FromSeconds(2) },
        });
        try
        {
            engine.Run("while true { }");
        }
        catch (SentraLimitException e)
        {
            Console.WriteLine(e.Message);   // step budget exhausted
        }
        Assert.Equal("step budget exhausted", Assert.Throws<SentraLimitException>(() => engine.Run("while true { }")).Message);
    }

    [Fact]
    public void Threads()
    {
        var script = SentraEngine.Compile("return n * n");
        var squares = new long[4];
        Parallel.For(0, 4, i =>
        {
            using var engine = new SentraEngine();
            engine.SetValue("n", i);
            squares[i] = engine.Run(script).ToInt64();
        });
        // squares: 0, 1, 4, 9
        Assert.Equal([0L, 1L, 4L, 9L], squares);
    }

    [Fact]
    public void Modules()
    {
        var modules = new MemoryModules(new() { ["greetings"] = "export fn hello(name) { return \"hello \" + name }" });
        using var engine = new SentraEngine(new EngineOptions { ModuleResolver = modules });
        var greeting = engine.Run("import \"greetings\" as g\nreturn g.hello(\"modules\")").To<string>();   // "hello modules"
        Assert.Equal("hello modules", greeting);
        using var bare = new SentraEngine();
        Assert.Contains("the host set no module resolver", Assert.Throws<SentraRuntimeException>(() => bare.Run("import \"greetings\"")).Message);
    }

    [Fact]
    public void Sessions()
    {
        using var engine = new SentraEngine();
        engine.Evaluate("let count = 0\nfn bump() { count = count + 1 }");
        engine.Evaluate("bump()");
        engine.Evaluate("bump()");
        long count = engine.Evaluate("count").ToInt64();   // 2
        Assert.Equal(2, count);
    }

    [Fact]
    public void Tiers()
    {
        using var engine = new SentraEngine(new EngineOptions
        {
            Tier = Tier.Tiered,
            TierBackend = new Sentra.Jit.Tiering.JitBackend(Tier.Tiered),
        });
        long sum = engine.Run("let s = 0\nfor (let i = 0; i < 100000; i = i + 1) { s = s + i }\nreturn s").ToInt64();
        Assert.Equal(4999950000, sum);
    }
}
