namespace Sentra.Runtime;

/// <summary>
/// The signature of every builtin: arguments live on the interpreter's value stack. A builtin
/// raises a runtime error by returning <see cref="BuiltinError.Of"/> (cheap: the interpreter
/// routes it to the script's handler without a .NET exception) or by throwing a
/// <see cref="SentraRuntimeException"/>.
/// </summary>
public delegate Value BuiltinFn(IRuntime rt, ReadOnlySpan<Value> args);
