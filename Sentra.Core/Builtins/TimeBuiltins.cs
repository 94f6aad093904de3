// SPEC 4.2.7 time builtins. time()/time_now() are Unix seconds, time_ms()/timestamp() Unix
// milliseconds. format_time formats in UTC with a Go reference layout ("2006-01-02 15:04:05"),
// translated here token by token exactly as Go's time.Format tokenizes it (nextStdChunk).
using System.Globalization;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>Time builtins (SPEC 4.2.7).</summary>
internal static class TimeBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("time", 0, 0, static (_, _) => Value.FromInt(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        t.Add("time_now", 0, 0, static (_, _) => Value.FromInt(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        t.Add("time_ms", 0, 0, static (_, _) => Value.FromInt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        t.Add("timestamp", 0, 0, static (_, _) => Value.FromInt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        t.Add("now", 0, 0, static (_, _) => Value.FromString(GoTime.Format(DateTimeOffset.Now, GoTime.RFC3339)));
        t.Add("date", 0, 0, static (_, _) => Value.FromString(DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        t.Add("datetime", 0, 0, static (_, _) => Value.FromString(DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        t.Add("format_timestamp", 1, 1, FormatTimestamp);
        t.Add("format_time", 2, 2, FormatTime);
        t.Add("sleep", 1, 1, Sleep);
    }

    private static bool TryFromUnixSeconds(long seconds, out DateTimeOffset t)
    {
        // DateTimeOffset covers years 1..9999.
        if (seconds < -62135596800L || seconds > 253402300799L) { t = default; return false; }
        t = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>Seconds → local "YYYY-MM-DD HH:MM:SS"; or an RFC 3339 string reformatted in its own offset.</summary>
    private static Value FormatTimestamp(IRuntime rt, ReadOnlySpan<Value> a)
    {
        var v = a[0];
        if (v.IsNumber)
        {
            if (!Args.TryInt(a, 0, out long secs)) return Args.ExpectsNumber("format_timestamp");
            if (!TryFromUnixSeconds(secs, out var t)) return BuiltinError.Of("format_timestamp error: timestamp out of range");
            try { t = t.ToLocalTime(); }
            catch (ArgumentOutOfRangeException) { return BuiltinError.Of("format_timestamp error: timestamp out of range"); }
            return Value.FromString(t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        if (v.IsString)
        {
            if (!GoTime.TryParseRfc3339(v.AsStringUnchecked, out var t)) return BuiltinError.Of("invalid timestamp format");
            return Value.FromString(t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        return BuiltinError.Of("format_timestamp expects number or string");
    }

    /// <summary>format_time(seconds, layout) in UTC; layout is a Go layout or RFC1123/RFC3339/ISO8601.</summary>
    private static Value FormatTime(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 0, out long secs)) return Args.ExpectsNumber("format_time");
        string layout = Args.Str(a, 1);
        if (!TryFromUnixSeconds(secs, out var t)) return BuiltinError.Of("format_time error: timestamp out of range");
        layout = layout switch
        {
            "RFC1123" => GoTime.RFC1123,
            "RFC3339" => GoTime.RFC3339,
            "ISO8601" => "2006-01-02T15:04:05Z",
            _ => layout,
        };
        return Value.FromString(GoTime.Format(t, layout, "UTC"));
    }

    private static Value Sleep(IRuntime rt, ReadOnlySpan<Value> a)
    {
        if (!Args.TryInt(a, 0, out long ms)) return Args.ExpectsNumber("sleep");
        RunBudget.Sleep(ms); // ends the run when it is cancelled or reaches its deadline meanwhile
        return default;
    }
}
