using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Sentra.Runtime;

/// <summary>
/// Makes a .NET delegate callable from scripts. Its parameters are converted from the
/// script's arguments with <see cref="Value.ToObject(Type)"/> (a <see cref="Value"/>
/// parameter takes the argument as it is) and its result with <see cref="Value.From"/> (void
/// is nil). Optional parameters may be left out. An argument that does not convert is a
/// runtime error the script can catch; an exception the delegate throws becomes a runtime
/// error with its message, and the host that catches it finds the original as the
/// <see cref="Exception.InnerException"/>. A <see cref="BuiltinFn"/> is taken as it is, with
/// any number of arguments.
/// </summary>
public static class HostFunction
{
    /// <summary>A function value named <paramref name="name"/> that calls <paramref name="function"/>.</summary>
    public static BuiltinFunction Create(string name, Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function is BuiltinFn fn) return new BuiltinFunction(name, 0, -1, fn);
        var parameters = function.Method.GetParameters();
        int required = parameters.Count(p => !p.IsOptional);
        bool returnsVoid = function.Method.ReturnType == typeof(void);
        return new BuiltinFunction(name, required, parameters.Length, (rt, args) =>
        {
            var converted = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                if (i >= args.Length)
                {
                    converted[i] = parameters[i].DefaultValue;
                    continue;
                }
                try
                {
                    converted[i] = args[i].ToObject(parameters[i].ParameterType);
                }
                catch (Exception e) when (e is InvalidCastException or OverflowException)
                {
                    throw new SentraRuntimeException($"function '{name}' argument {i + 1} ({parameters[i].Name}): {e.Message}");
                }
            }
            object? result;
            try
            {
                result = function.DynamicInvoke(converted);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                // the delegate's own exception, not reflection's wrapper: the interpreter makes
                // it a runtime error that keeps it as its InnerException
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
            return returnsVoid ? default : Value.From(result);
        });
    }
}
