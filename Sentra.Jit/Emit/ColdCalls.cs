using System.Reflection;
using System.Runtime.CompilerServices;
using Sentra.Execution;
using Sentra.Runtime;

namespace Sentra.Jit.Emit;

/// <summary>
/// Twins of the small helpers compiled code calls, which the .NET JIT may not inline. Code
/// that runs once per run (a top-level body outside its loops) and the exits (deopt, the
/// catch of a function with handlers) call these instead: the .NET JIT then neither examines
/// nor copies the helper's code at each call site. Inlining is most of its compile time in such
/// code (each inlined helper adds temporaries, and in a method with an exception block every
/// temporary defined in it adds to the handler's flow), and it buys nothing in code that runs once.
/// Each twin takes the original's arguments (an instance method's receiver first), so a call
/// is swapped without changing the IL around it.
/// </summary>
internal static class ColdCalls
{
    [MethodImpl(MethodImplOptions.NoInlining)] public static Value FromInt(long v) => Value.FromInt(v);
    [MethodImpl(MethodImplOptions.NoInlining)] public static Value FromFloat(double v) => Value.FromFloat(v);
    [MethodImpl(MethodImplOptions.NoInlining)] public static Value FromBool(bool v) => Value.FromBool(v);
    [MethodImpl(MethodImplOptions.NoInlining)] public static void JitSetPc(Interpreter interp, int fp, int pc) => interp.JitSetPc(fp, pc);
    [MethodImpl(MethodImplOptions.NoInlining)] public static ref Value JitArgs(Interpreter interp, int argc) => ref interp.JitArgs(argc);
    [MethodImpl(MethodImplOptions.NoInlining)] public static ReadOnlySpan<Value> JitArgSpan(Interpreter interp, int argc) => interp.JitArgSpan(argc);
    [MethodImpl(MethodImplOptions.NoInlining)] public static void JitPopArgs(Interpreter interp, int argc) => interp.JitPopArgs(argc);
    [MethodImpl(MethodImplOptions.NoInlining)] public static ref Value At(ref Value first, int i) => ref JitOps.At(ref first, i);
    [MethodImpl(MethodImplOptions.NoInlining)] public static void CheckGlobal(Closure closure, int g) => JitOps.CheckGlobal(closure, g);

    /// <summary>Each helper and its twin.</summary>
    public static readonly Dictionary<MethodInfo, MethodInfo> Twins = Build();

    private static Dictionary<MethodInfo, MethodInfo> Build()
    {
        // delegates rather than look-ups by name: the methods are named where they are written
        var pairs = new (Delegate Helper, Delegate Twin)[]
        {
            (new Func<long, Value>(Value.FromInt), new Func<long, Value>(FromInt)),
            (new Func<double, Value>(Value.FromFloat), new Func<double, Value>(FromFloat)),
            (new Func<bool, Value>(Value.FromBool), new Func<bool, Value>(FromBool)),
            (new Action<Closure, int>(JitOps.CheckGlobal), new Action<Closure, int>(CheckGlobal)),
        };
        var twins = new Dictionary<MethodInfo, MethodInfo>();
        foreach (var (helper, twin) in pairs) twins[helper.Method] = twin.Method;
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        foreach (var name in (ReadOnlySpan<string>)[nameof(Interpreter.JitSetPc), nameof(Interpreter.JitArgs), nameof(Interpreter.JitArgSpan), nameof(Interpreter.JitPopArgs)])
            twins[typeof(Interpreter).GetMethod(name, Any)!] = typeof(ColdCalls).GetMethod(name, Any)!;
        twins[typeof(JitOps).GetMethod(nameof(JitOps.At), Any)!] = typeof(ColdCalls).GetMethod(nameof(At), Any)!;
        return twins;
    }
}
