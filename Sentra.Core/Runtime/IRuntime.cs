namespace Sentra.Runtime;

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
    /// <summary>Whether scripts may read environment variables (os.env).</summary>
    bool AllowEnvironment => false;
    /// <summary>The arguments the host passes to the script (os.args).</summary>
    IReadOnlyList<string> ScriptArguments => [];
}
