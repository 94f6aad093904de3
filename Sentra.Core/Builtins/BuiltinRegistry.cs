using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>
/// Every global builtin, in a fixed order: builtin i lives in global slot i of every script
/// and module (SPEC 3.9.3, DESIGN phase 1: resolved at compile time, never looked up by name
/// at run time). Also the method tables of SPEC 3.8 and the built-in modules of SPEC 4.3.
/// </summary>
public static class BuiltinRegistry
{
    private static readonly BuiltinTable s_table = Build();

    /// <summary>Builtin names in slot order.</summary>
    public static readonly string[] Names = new string[s_table.Functions.Count];
    /// <summary>Builtin values in slot order.</summary>
    public static readonly Value[] Globals = new Value[s_table.Functions.Count];

    private static readonly Dictionary<string, int> s_slots = Slots();

    private static readonly Dictionary<string, BuiltinFunction> s_arrayMethods = Methods(
        "len push pop shift unshift insert remove first last reverse sort join contains index_of slice concat sum unique flatten map filter reduce each");
    private static readonly Dictionary<string, BuiltinFunction> s_stringMethods = Methods(
        "len upper lower trim split contains startswith endswith starts_with ends_with index_of replace char_at slice substring");
    private static readonly Dictionary<string, BuiltinFunction> s_mapMethods = Methods(
        "len keys values has_key has delete");

    /// <summary>
    /// The built-in modules, built on the first import (the class initializer runs then): most
    /// scripts import none, and building them was 0.7 ms of every start-up.
    /// </summary>
    private static class Modules
    {
        internal static readonly Dictionary<string, NativeModule> ByName = BuiltinModules.Create(s_table);
    }

    private static BuiltinTable Build()
    {
        var t = new BuiltinTable();
        CoreBuiltins.Register(t);
        StringBuiltins.Register(t);
        ArrayBuiltins.Register(t);
        MapBuiltins.Register(t);
        MathBuiltins.Register(t);
        TimeBuiltins.Register(t);
        JsonBuiltins.Register(t);
        RegexBuiltins.Register(t);
        FileBuiltins.Register(t);
        EncodingBuiltins.Register(t);
        AssertBuiltins.Register(t);
        return t;
    }

    // plain loops rather than LINQ here and in Slots: this runs at every start-up, and
    // precompiled code lacks LINQ's instantiations over Sentra's types (they would be
    // JIT-compiled first)
    private static Dictionary<string, BuiltinFunction> Methods(string names)
    {
        var methods = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        foreach (var n in names.Split(' ')) methods.Add(n, s_table.Get(n));
        return methods;
    }

    /// <summary>Fills <see cref="Names"/> and <see cref="Globals"/> in slot order; returns the name-to-slot map.</summary>
    private static Dictionary<string, int> Slots()
    {
        var slots = new Dictionary<string, int>(s_table.Functions.Count, StringComparer.Ordinal);
        for (int i = 0; i < s_table.Functions.Count; i++)
        {
            var f = s_table.Functions[i];
            Names[i] = f.Name;
            Globals[i] = Value.FromObject(f);
            slots.Add(f.Name, i);
        }
        return slots;
    }

    /// <summary>The builtin registered in global slot <paramref name="slot"/> (ignores user overwrites): what a method call site's inline cache refers to.</summary>
    public static BuiltinFunction AtSlot(int slot) => s_table.Functions[slot];

    /// <summary>The global slot of a builtin name, or -1.</summary>
    public static int SlotOf(string name) => s_slots.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The number of global builtins: they occupy global slots 0 to Count - 1 of every module.</summary>
    public static int Count => Names.Length;

    /// <summary>The builtin registered under name (ignores user overwrites).</summary>
    public static BuiltinFunction? Get(string name) => s_table.ByName.GetValueOrDefault(name);

    // TryGetValue rather than the GetValueOrDefault extension: that generic helper over the
    // read-only dictionary interface had no precompiled code and ran unoptimized in the
    // ReadyToRun CLI (a.push(x) cost 2.4x push(a, x))
    /// <summary>The builtin that <c>arr.name(...)</c> calls with the array as its first argument, or null.</summary>
    public static BuiltinFunction? ArrayMethod(string name) => s_arrayMethods.TryGetValue(name, out var f) ? f : null;
    /// <summary>The builtin that <c>str.name(...)</c> calls with the string as its first argument, or null.</summary>
    public static BuiltinFunction? StringMethod(string name) => s_stringMethods.TryGetValue(name, out var f) ? f : null;
    /// <summary>The builtin that <c>map.name(...)</c> calls when the map has no member of that name, or null.</summary>
    public static BuiltinFunction? MapMethod(string name) => s_mapMethods.TryGetValue(name, out var f) ? f : null;

    /// <summary>A built-in module (math, string, array, io, json, time), or null.</summary>
    public static NativeModule? Module(string name) => Modules.ByName.TryGetValue(name, out var m) ? m : null;
}
