// The os module (SPEC 4.3 style: importable by name, members only inside the module): what a
// script may see of the process that runs it. Each capability is the host's to give:
// arguments are what the host passes (none by default), the environment is readable only when
// the host allows it (off by default for hosts, on for the CLI), and exit ends the run with an
// exit code the host receives as a SentraExitException.
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>os.args(), os.env(NAME), os.exit(CODE).</summary>
internal static class OsBuiltins
{
    internal static Dictionary<string, Value> CreateModule() => new(StringComparer.Ordinal)
    {
        ["args"] = Value.FromObject(new BuiltinFunction("args", 0, 0, ArgsOf)),
        ["env"] = Value.FromObject(new BuiltinFunction("env", 1, 1, Env)),
        ["exit"] = Value.FromObject(new BuiltinFunction("exit", 0, 1, Exit)),
    };

    private static Value ArgsOf(IRuntime rt, ReadOnlySpan<Value> args)
    {
        var list = rt.ScriptArguments;
        var arr = new SentraArray(list.Count);
        foreach (var a in list) arr.Add(Value.FromString(a));
        return Value.FromObject(arr);
    }

    private static Value Env(IRuntime rt, ReadOnlySpan<Value> args)
    {
        if (!rt.AllowEnvironment) return BuiltinError.Of("environment access is disabled");
        if (!args[0].IsString) return BuiltinError.Of("env expects string");
        var value = Environment.GetEnvironmentVariable(args[0].AsStringUnchecked);
        return value is null ? default : Value.FromString(value);
    }

    private static Value Exit(IRuntime rt, ReadOnlySpan<Value> args)
    {
        long code = 0;
        if (args.Length > 0 && !Args.TryInt(args, 0, out code)) return Args.ExpectsNumber("exit");
        if (code is < 0 or > 255) return BuiltinError.Of("exit expects a code from 0 to 255");
        throw new SentraExitException((int)code);
    }
}
