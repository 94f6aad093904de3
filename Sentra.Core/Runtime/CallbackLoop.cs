namespace Sentra.Runtime;

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
