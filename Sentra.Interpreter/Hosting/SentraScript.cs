using Sentra.Bytecode;

namespace Sentra.Hosting;

/// <summary>A compiled script: immutable, shareable across threads and engines.</summary>
public sealed class SentraScript
{
    internal SentraScript(CompiledScript compiled) => Compiled = compiled;
    public CompiledScript Compiled { get; }
    public string File => Compiled.File;
    /// <summary>The bytecode listing.</summary>
    public string Disassemble() => Disassembler.Disassemble(Compiled);
}
