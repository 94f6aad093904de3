using Sentra.Bytecode;

namespace Sentra.Runtime;

/// <summary>A user function value: compiled code plus captured cells and its module's globals.</summary>
public sealed class Closure : SentraCallable
{
    /// <summary>The compiled function.</summary>
    public readonly FunctionProto Proto;
    /// <summary>The captured variables, in the order of the function's upvalue table.</summary>
    public readonly Cell[] Upvalues;
    /// <summary>The module whose globals the function reads and writes.</summary>
    public readonly ModuleInstance Module;
    /// <summary><c>Proto.Code</c> (quickening rewrites it in place) and <c>Module.Globals</c>: one load from the closure instead of two on every call and return.</summary>
    public readonly int[] Code;
    /// <summary><c>Module.Globals</c>, held here for the same reason as <see cref="Code"/>.</summary>
    public readonly Value[] Globals;

    /// <summary>A closure of <paramref name="proto"/> over <paramref name="upvalues"/> in <paramref name="module"/>.</summary>
    public Closure(FunctionProto proto, Cell[] upvalues, ModuleInstance module)
    {
        Proto = proto;
        Upvalues = upvalues;
        Module = module;
        Code = proto.Code;
        Globals = module.Globals;
    }

    /// <inheritdoc/>
    public override string Name => Proto.Name;
}
