using Sentra.Bytecode;
using Sentra.Compilation;
using Sentra.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Sentra.Tests.Corpus;

/// <summary>
/// Every instruction the compiler can emit is emitted by some script of the corpus
/// (Scripts/ and examples/), and every quickened form is reached by some script running on
/// the interpreter: an opcode no script produces is either dead or untested. Every opcode is
/// one or the other: one that neither the compiler nor the interpreter writes is dead code.
/// </summary>
public sealed class OpcodeCoverageTests(ITestOutputHelper output)
{
    /// <summary>Written only by the interpreter over a generic instruction, never by the compiler.</summary>
    private static readonly HashSet<OpCode> s_quickened =
    [
        OpCode.AddInt, OpCode.SubInt, OpCode.MulInt,
        OpCode.JumpIfNotLtInt, OpCode.JumpIfNotLeInt, OpCode.JumpIfNotGtInt, OpCode.JumpIfNotGeInt,
    ];

    private static IEnumerable<string> CorpusFiles()
    {
        var roots = new[] { ScriptTests.ScriptsRoot, Examples.ExamplesTests.ExamplesDir };
        return roots.SelectMany(r => Directory.EnumerateFiles(r, "*.sn", SearchOption.AllDirectories)).Order(StringComparer.Ordinal);
    }

    private static void Collect(FunctionProto proto, HashSet<OpCode> seen)
    {
        var code = proto.Code;
        for (int pc = 0; pc < code.Length; pc += OpTable.Length(code, pc, proto)) seen.Add((OpCode)code[pc]);
        foreach (var child in proto.Protos) Collect(child, seen);
    }

    [Fact]
    public void EveryOpcodeTheCompilerCanEmitIsEmittedByTheCorpus()
    {
        var emitted = new HashSet<OpCode>();
        int compiled = 0;
        foreach (var file in CorpusFiles())
        {
            CompiledScript script;
            try { script = Compiler.Compile(File.ReadAllText(file), file); }
            catch (SentraSyntaxException) { continue; } // scripts that test syntax errors
            Collect(script.Main, emitted);
            compiled++;
        }
        Assert.True(compiled > 100, $"only {compiled} corpus scripts compiled: is the corpus copied next to the tests?");

        var missing = Enum.GetValues<OpCode>().Where(op => !emitted.Contains(op) && !s_quickened.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "opcodes that no corpus script emits (dead, or untested): " + string.Join(", ", missing));
        Assert.DoesNotContain(emitted, s_quickened.Contains);
    }

    [Fact]
    public void EveryQuickenedFormIsReachedByTheCorpusOnTheInterpreter()
    {
        var reached = new HashSet<OpCode>();
        foreach (var file in CorpusFiles())
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}")) continue;
            SentraScript script;
            try { script = SentraEngine.Compile(File.ReadAllText(file), file); }
            catch (SentraSyntaxException) { continue; }
            var engine = new SentraEngine(Tiers.Options("interp", TextWriter.Null, file));
            engine.RegisterFunction("__jit_compiled", 1, 1, (_, _) => default);
            try { engine.Run(script); }
            catch (SentraException) { } // expected errors; the code ran up to them
            // quickening rewrites the shared code in place: what a run reached stays visible
            var seen = new HashSet<OpCode>();
            Collect(script.Compiled.Main, seen);
            reached.UnionWith(seen.Where(s_quickened.Contains));
        }
        output.WriteLine("quickened forms reached: " + string.Join(", ", reached.Order()));

        var missing = s_quickened.Where(op => !reached.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "quickened forms that no corpus script reaches: " + string.Join(", ", missing));
    }
}
