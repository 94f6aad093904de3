using Sentra.Bytecode;
using Sentra.Hosting;
using Sentra.Jit.Tiering;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>
/// The JIT's inline text paths (MethodCompiler.Strings.cs): that compiled code takes them (the
/// IL has them and no deopt happens), and that other values take the generic helper with the
/// interpreter's answers.
/// </summary>
public sealed class JitStringTests
{
    private const string Scanner =
        "fn scan(src) {\n  let toks = []\n  let i = 0\n  while i < len(src) {\n    let c = src[i]\n" +
        "    if c == \"(\" || c == \")\" { push(toks, c) } else if c >= \"0\" && c <= \"9\" { push(toks, 1) } else if c != \" \" { push(toks, 0) }\n" +
        "    i = i + 1\n  }\n  return toks\n}\n";

    private static (SentraEngine engine, StringWriter output, JitBackend backend, StringWriter dump) Engine()
    {
        var dump = new StringWriter();
        var backend = new JitBackend(Tier.Jit, new JitOptions { DumpIL = dump });
        var output = new StringWriter { NewLine = "\n" };
        var engine = new SentraEngine(new EngineOptions { Tier = Tier.Jit, TierBackend = backend, Output = output });
        return (engine, output, backend, dump);
    }

    [Fact]
    public void AScannerTakesTheInlinePathsAndNeverDeoptimizes()
    {
        var (engine, output, backend, dump) = Engine();
        var script = SentraEngine.Compile(Scanner +
            "let n = 0\nfor (let k = 0; k < 300; k = k + 1) { n = n + len(scan(\"(12 + x) * (3 - 45) and some more text\")) }\nlog(n)\n" +
            "log(scan(\"(9é😀)\"))\n");
        engine.Run(script);
        Assert.Equal("8400\n[(, 1, 0, 0, )]\n", output.ToString());
        var scan = script.Compiled.Main.Protos.First(p => p.Name == "scan");
        Assert.Equal(0, backend.DeoptCount(scan));
        string il = dump.ToString();
        string f = il[il.IndexOf("== scan", StringComparison.Ordinal)..];
        Assert.Contains("call JitOps::StringCharAt", f);
        Assert.Contains("isinst String", f);
        Assert.Contains("call String::get_Chars", f);
        Assert.Contains("call SentraArray::Add", f);
    }

    [Fact]
    public void OtherValuesTakeTheGenericPathsWithTheInterpretersAnswers()
    {
        const string program = Scanner +
            "fn eq(c) { return [c == \"ab\", c != \"ab\", c < \"b\", c >= \"b\"] }\n" +
            "for (let k = 0; k < 50; k = k + 1) { eq(\"ab\") scan(\"(1)\") }\n" +
            "let big = \"\"\nfor (let k = 0; k < 200; k = k + 1) { big = big + \"(1\" }\n" +
            "log(len(scan(big)))\nlog(eq(big))\nlog(eq(\"a\"))\nlog(eq(\"\"))\nlog(eq(\"b\"))\nlog(eq(\"😀\"))\n";
        var (jit, jitOutput, _, _) = Engine();
        jit.Run(SentraEngine.Compile(program));
        var interpOutput = new StringWriter { NewLine = "\n" };
        new SentraEngine(new EngineOptions { Output = interpOutput }).Run(SentraEngine.Compile(program));
        Assert.Equal(interpOutput.ToString(), jitOutput.ToString());
        Assert.Equal("400\n[false, true, true, false]\n[false, true, true, false]\n[false, true, true, false]\n[false, true, false, true]\n[false, true, false, true]\n", jitOutput.ToString());
    }
}
