using Sentra.Bytecode;

namespace Sentra.Runtime;

/// <summary>A user function value: compiled code plus captured cells and its module's globals.</summary>
public sealed class Closure : SentraCallable
{
    public readonly FunctionProto Proto;
    public readonly Cell[] Upvalues;
    public readonly ModuleInstance Module;
    /// <summary><c>Proto.Code</c> (quickening rewrites it in place) and <c>Module.Globals</c>: one load from the closure instead of two on every call and return.</summary>
    public readonly int[] Code;
    public readonly Value[] Globals;

    public Closure(FunctionProto proto, Cell[] upvalues, ModuleInstance module)
    {
        Proto = proto;
        Upvalues = upvalues;
        Module = module;
        Code = proto.Code;
        Globals = module.Globals;
    }

    public override string Name => Proto.Name;
}
