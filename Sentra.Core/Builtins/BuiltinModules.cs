// SPEC 4.3 built-in modules (importable by name). Members are the global builtins of SPEC 4.2
// (the same function objects), except math.log (natural log; the global log prints), math.exp
// the io extras and the os module, which exist only inside their module. The module name is the import name.
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>Builds the math, string, array, io, json, time and os modules.</summary>
internal static class BuiltinModules
{
    internal static Dictionary<string, NativeModule> Create(BuiltinTable t)
    {
        var modules = new Dictionary<string, NativeModule>(StringComparer.Ordinal);

        void Module(string name, Dictionary<string, Value> members) =>
            modules[name] = new NativeModule(name, members);

        Dictionary<string, Value> Same(string names)
        {
            var d = new Dictionary<string, Value>(StringComparer.Ordinal);
            foreach (var n in names.Split(' ')) d[n] = Value.FromObject(t.Get(n));
            return d;
        }

        var math = Same("abs sqrt floor ceil round pow min max sin cos tan random");
        math["PI"] = Value.FromFloat(Math.PI);
        math["E"] = Value.FromFloat(Math.E);
        math["log"] = Value.FromObject(MathBuiltins.CreateNaturalLog());
        math["exp"] = Value.FromObject(MathBuiltins.CreateExp());
        Module("math", math);

        Module("string", Same("upper lower trim len split join replace contains starts_with ends_with substring char_at"));

        var array = Same("push pop len sort reverse slice concat index_of contains join remove insert first last " +
                         "sum avg unique flatten zip enumerate count fill range");
        array["min"] = Value.FromObject(t.Get("min_arr"));
        array["max"] = Value.FromObject(t.Get("max_arr"));
        Module("array", array);

        var io = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["readfile"] = Value.FromObject(t.Get("read_file")),
            ["writefile"] = Value.FromObject(t.Get("write_file")),
            ["exists"] = Value.FromObject(t.Get("file_exists")),
            ["stat"] = Value.FromObject(t.Get("file_stat")),
        };
        foreach (var f in FileBuiltins.CreateIoExtras()) io[f.Name] = Value.FromObject(f);
        Module("io", io);

        Module("json", new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["encode"] = Value.FromObject(t.Get("json_encode")),
            ["stringify"] = Value.FromObject(t.Get("json_encode")),
            ["decode"] = Value.FromObject(t.Get("json_decode")),
            ["parse"] = Value.FromObject(t.Get("json_decode")),
        });

        var time = Same("date datetime sleep");
        time["time"] = Value.FromObject(t.Get("timestamp"));
        time["now"] = Value.FromObject(t.Get("timestamp"));
        time["format"] = Value.FromObject(t.Get("format_timestamp"));
        Module("time", time);

        Module("os", OsBuiltins.CreateModule());

        return modules;
    }
}
