using Sentra.Bytecode;

namespace Sentra.Runtime;

/// <summary>A variable captured by a closure: shared by reference between frames (SPEC 3.9.5).</summary>
public sealed class Cell : SentraObject
{
    public Value Value;
    public Cell() { }
    public Cell(Value v) => Value = v;
    public override ValueKind Kind => ValueKind.Undefined;
}

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

/// <summary>
/// A builtin's run of calls of one function, one per element (<c>map</c>, <c>filter</c>,
/// <c>reduce</c>, <c>each</c>): the runtime asks for each call's arguments and hands back
/// each result (<see cref="IRuntime.CallEach"/>).
/// </summary>
public abstract class CallbackLoop
{
    /// <summary>How many arguments every call takes (the length of Next's span).</summary>
    public abstract int ArgumentCount { get; }
    /// <summary>Writes the next call's arguments into args; false when there is no next call.</summary>
    public abstract bool Next(Span<Value> args);
    /// <summary>Takes the result of the call whose arguments <see cref="Next"/> wrote last.</summary>
    public abstract void Result(Value result);

    /// <summary>Runs the loop through <see cref="IRuntime.Call"/>, one call at a time.</summary>
    public void CallOneByOne(IRuntime rt, Value callee)
    {
        var args = new Value[ArgumentCount];
        while (Next(args)) Result(rt.Call(callee, args));
    }
}

/// <summary>What a builtin sees of the running engine.</summary>
public interface IRuntime
{
    /// <summary>Calls a Sentra value (closure or builtin) from host code.</summary>
    Value Call(Value callee, ReadOnlySpan<Value> args);

    /// <summary>
    /// Calls callee once per set of arguments the loop gives, in order, handing each result
    /// back before asking for the next; exactly what calling <see cref="Call"/> in a loop does
    /// (the interpreter runs the calls of a Sentra function without leaving its dispatch loop).
    /// </summary>
    void CallEach(Value callee, CallbackLoop loop) => loop.CallOneByOne(this, callee);

    /// <summary>Where log/print write.</summary>
    TextWriter Out { get; }
    /// <summary>Whether scripts may touch the file system.</summary>
    bool AllowFileAccess { get; }
    /// <summary>The pseudo-random source of random()/randint().</summary>
    Random Random { get; }

    /// <summary>
    /// Blocks for <paramref name="milliseconds"/> (sleep()). A runtime with limits wakes at its
    /// timeout or cancellation and raises the limit error, so a sleep never outlives the run.
    /// </summary>
    void Sleep(long milliseconds) => Thread.Sleep((int)Math.Min(milliseconds, int.MaxValue));
}

/// <summary>The signature of every builtin: arguments live on the interpreter's value stack.</summary>
public delegate Value BuiltinFn(IRuntime rt, ReadOnlySpan<Value> args);

/// <summary>A builtin function value (printed <c>&lt;native function&gt;</c>).</summary>
public sealed class BuiltinFunction : SentraCallable
{
    private readonly string _name;
    public readonly int MinArity;
    /// <summary>-1 for no upper bound.</summary>
    public readonly int MaxArity;
    public readonly BuiltinFn Fn;

    public BuiltinFunction(string name, int minArity, int maxArity, BuiltinFn fn)
    {
        _name = name;
        MinArity = minArity;
        MaxArity = maxArity;
        Fn = fn;
    }

    public override string Name => _name;

    /// <summary>Checks the argument count, raising the SPEC 4.1 arity error.</summary>
    public void CheckArity(int argc)
    {
        if (argc < MinArity || (MaxArity >= 0 && argc > MaxArity))
            throw new SentraRuntimeException($"function '{_name}' expects {ArityText()} argument(s), got {argc}");
    }

    private string ArityText() =>
        MaxArity < 0 ? $"at least {MinArity}" : MinArity == MaxArity ? MinArity.ToString() : $"{MinArity}-{MaxArity}";

    /// <summary>Calls with an arity check.</summary>
    public Value Invoke(IRuntime rt, ReadOnlySpan<Value> args)
    {
        CheckArity(args.Length);
        return Fn(rt, args);
    }
}

/// <summary>A builtin method bound to its receiver (<c>arr.push</c> without a call).</summary>
public sealed class BoundMethod : SentraCallable
{
    public readonly BuiltinFunction Method;
    public readonly Value Receiver;

    public BoundMethod(BuiltinFunction method, Value receiver)
    {
        Method = method;
        Receiver = receiver;
    }

    public override string Name => Method.Name;
}

/// <summary>
/// One run of a module (or the main script): its global slots and exports. Globals are an
/// array indexed by the slot numbers the compiler assigned; slots 0..N-1 hold the builtins.
/// </summary>
public sealed class ModuleInstance : SentraModule
{
    public readonly string? Path;
    public readonly CompiledScript Script;
    public readonly Value[] Globals;

    public ModuleInstance(string name, string? path, CompiledScript script) : base(name)
    {
        Path = path;
        Script = script;
        Globals = script.CreateGlobals();
    }

    /// <summary>Reads an exported binding (live), nil when not exported.</summary>
    public override Value GetExport(string name)
    {
        if (Script.Exports.TryGetValue(name, out int slot))
        {
            var v = Globals[slot];
            return v.IsUndefined ? default : v;
        }
        return default;
    }
}

/// <summary>A module value: <c>type()</c> is "module", members are read with <c>m.name</c>.</summary>
public abstract class SentraModule(string name) : SentraObject
{
    public readonly string Name = name;
    public sealed override ValueKind Kind => ValueKind.Module;
    /// <summary>The member's current value, nil when absent.</summary>
    public abstract Value GetExport(string name);
}

/// <summary>A built-in module (math, string, ...): a fixed table of members.</summary>
public sealed class NativeModule(string name, IReadOnlyDictionary<string, Value> members) : SentraModule(name)
{
    public IReadOnlyDictionary<string, Value> Members { get; } = members;
    public override Value GetExport(string name) => Members.TryGetValue(name, out var v) ? v : default;
}
