namespace Sentra.Runtime;

/// <summary>The signature of every builtin: arguments live on the interpreter's value stack.</summary>
public delegate Value BuiltinFn(IRuntime rt, ReadOnlySpan<Value> args);
