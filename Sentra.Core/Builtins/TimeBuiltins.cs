// SPEC 4.2.7 time builtins. time()/time_now() are Unix seconds, time_ms()/timestamp() Unix
// milliseconds. format_time formats in UTC with a Go reference layout ("2006-01-02 15:04:05"),
// translated here token by token exactly as Go's time.Format tokenizes it (nextStdChunk).
using System.Globalization;
using System.Text;
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
            long secs = Args.Int("format_timestamp", a, 0);
            if (!TryFromUnixSeconds(secs, out var t)) return Throw.Value("format_timestamp error: timestamp out of range");
            try { t = t.ToLocalTime(); }
            catch (ArgumentOutOfRangeException) { return Throw.Value("format_timestamp error: timestamp out of range"); }
            return Value.FromString(t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        if (v.IsString)
        {
            if (!GoTime.TryParseRfc3339(v.AsString, out var t)) return Throw.Value("invalid timestamp format");
            return Value.FromString(t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        return Throw.Value("format_timestamp expects number or string");
    }

    /// <summary>format_time(seconds, layout) in UTC; layout is a Go layout or RFC1123/RFC3339/ISO8601.</summary>
    private static Value FormatTime(IRuntime rt, ReadOnlySpan<Value> a)
    {
        long secs = Args.Int("format_time", a, 0);
        string layout = Args.Str(a, 1);
        if (!TryFromUnixSeconds(secs, out var t)) return Throw.Value("format_time error: timestamp out of range");
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
        long ms = Args.Int("sleep", a, 0);
        if (ms > 0) rt.Sleep(ms);
        return default;
    }
}

/// <summary>Go time.Format layouts (reference time Mon Jan 2 15:04:05 MST 2006).</summary>
internal static class GoTime
{
    public const string RFC1123 = "Mon, 02 Jan 2006 15:04:05 MST";
    public const string RFC3339 = "2006-01-02T15:04:05Z07:00";

    private enum Std
    {
        None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay,
        UnderYearDay, ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond,
        LongYear, Year, PM, pm, TZ,
        ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ,
        NumTZ, NumSecondsTz, NumShortTZ, NumColonTZ, NumColonSecondsTZ,
        FracSecond0, FracSecond9,
    }

    private static readonly Std[] s_std0x = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];

    private static bool StartsWithLowerCase(string s, int i) => i < s.Length && s[i] >= 'a' && s[i] <= 'z';

    private static bool At(string s, int i, string token) => s.AsSpan(i).StartsWith(token, StringComparison.Ordinal);

    /// <summary>Go nextStdChunk: the next token at or after <paramref name="from"/>.</summary>
    private static (int Start, Std Std, int End, int Digits, char Sep) NextChunk(string l, int from)
    {
        for (int i = from; i < l.Length; i++)
        {
            switch (l[i])
            {
                case 'J':
                    if (At(l, i, "Jan"))
                    {
                        if (At(l, i, "January")) return (i, Std.LongMonth, i + 7, 0, '\0');
                        if (!StartsWithLowerCase(l, i + 3)) return (i, Std.Month, i + 3, 0, '\0');
                    }
                    break;
                case 'M':
                    if (At(l, i, "Mon"))
                    {
                        if (At(l, i, "Monday")) return (i, Std.LongWeekDay, i + 6, 0, '\0');
                        if (!StartsWithLowerCase(l, i + 3)) return (i, Std.WeekDay, i + 3, 0, '\0');
                    }
                    if (At(l, i, "MST")) return (i, Std.TZ, i + 3, 0, '\0');
                    break;
                case '0':
                    if (i + 1 < l.Length && l[i + 1] >= '1' && l[i + 1] <= '6') return (i, s_std0x[l[i + 1] - '1'], i + 2, 0, '\0');
                    if (At(l, i, "002")) return (i, Std.ZeroYearDay, i + 3, 0, '\0');
                    break;
                case '1':
                    if (i + 1 < l.Length && l[i + 1] == '5') return (i, Std.Hour, i + 2, 0, '\0');
                    return (i, Std.NumMonth, i + 1, 0, '\0');
                case '2':
                    if (At(l, i, "2006")) return (i, Std.LongYear, i + 4, 0, '\0');
                    return (i, Std.Day, i + 1, 0, '\0');
                case '_':
                    if (i + 1 < l.Length && l[i + 1] == '2')
                    {
                        // "_2006" is a literal '_' followed by the long year.
                        if (At(l, i + 1, "2006")) return (i + 1, Std.LongYear, i + 5, 0, '\0');
                        return (i, Std.UnderDay, i + 2, 0, '\0');
                    }
                    if (At(l, i, "__2")) return (i, Std.UnderYearDay, i + 3, 0, '\0');
                    break;
                case '3': return (i, Std.Hour12, i + 1, 0, '\0');
                case '4': return (i, Std.Minute, i + 1, 0, '\0');
                case '5': return (i, Std.Second, i + 1, 0, '\0');
                case 'P':
                    if (i + 1 < l.Length && l[i + 1] == 'M') return (i, Std.PM, i + 2, 0, '\0');
                    break;
                case 'p':
                    if (i + 1 < l.Length && l[i + 1] == 'm') return (i, Std.pm, i + 2, 0, '\0');
                    break;
                case '-':
                    if (At(l, i, "-070000")) return (i, Std.NumSecondsTz, i + 7, 0, '\0');
                    if (At(l, i, "-07:00:00")) return (i, Std.NumColonSecondsTZ, i + 9, 0, '\0');
                    if (At(l, i, "-0700")) return (i, Std.NumTZ, i + 5, 0, '\0');
                    if (At(l, i, "-07:00")) return (i, Std.NumColonTZ, i + 6, 0, '\0');
                    if (At(l, i, "-07")) return (i, Std.NumShortTZ, i + 3, 0, '\0');
                    break;
                case 'Z':
                    if (At(l, i, "Z070000")) return (i, Std.ISO8601SecondsTZ, i + 7, 0, '\0');
                    if (At(l, i, "Z07:00:00")) return (i, Std.ISO8601ColonSecondsTZ, i + 9, 0, '\0');
                    if (At(l, i, "Z0700")) return (i, Std.ISO8601TZ, i + 5, 0, '\0');
                    if (At(l, i, "Z07:00")) return (i, Std.ISO8601ColonTZ, i + 6, 0, '\0');
                    if (At(l, i, "Z07")) return (i, Std.ISO8601ShortTZ, i + 3, 0, '\0');
                    break;
                case '.':
                case ',':
                    if (i + 1 < l.Length && l[i + 1] is '0' or '9')
                    {
                        char ch = l[i + 1];
                        int j = i + 1;
                        while (j < l.Length && l[j] == ch) j++;
                        // Only a fractional second if the run of digits ends here.
                        if (!(j < l.Length && char.IsAsciiDigit(l[j])))
                            return (i, ch == '0' ? Std.FracSecond0 : Std.FracSecond9, j, Math.Min(j - (i + 1), 9), l[i]);
                    }
                    break;
            }
        }
        return (l.Length, Std.None, l.Length, 0, '\0');
    }

    private static void AppendInt(StringBuilder sb, long x, int width)
    {
        if (x < 0) { sb.Append('-'); x = -x; }
        string s = x.ToString(CultureInfo.InvariantCulture);
        for (int i = s.Length; i < width; i++) sb.Append('0');
        sb.Append(s);
    }

    private static readonly string[] s_months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] s_days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>Go Time.Format. <paramref name="zoneName"/> is what MST prints (null: the -0700 form).</summary>
    public static string Format(DateTimeOffset t, string layout, string? zoneName = null)
    {
        var dt = t.DateTime; // wall clock in t's offset
        int offset = (int)t.Offset.TotalSeconds;
        var sb = new StringBuilder(layout.Length + 16);
        int pos = 0;
        while (pos < layout.Length)
        {
            var (start, std, end, digits, sep) = NextChunk(layout, pos);
            sb.Append(layout, pos, start - pos);
            if (std == Std.None) break;
            pos = end;
            int hour = dt.Hour;
            switch (std)
            {
                case Std.Year: AppendInt(sb, Math.Abs(dt.Year) % 100, 2); break;
                case Std.LongYear: AppendInt(sb, dt.Year, 4); break;
                case Std.Month: sb.Append(s_months[dt.Month - 1], 0, 3); break;
                case Std.LongMonth: sb.Append(s_months[dt.Month - 1]); break;
                case Std.NumMonth: AppendInt(sb, dt.Month, 0); break;
                case Std.ZeroMonth: AppendInt(sb, dt.Month, 2); break;
                case Std.WeekDay: sb.Append(s_days[(int)dt.DayOfWeek], 0, 3); break;
                case Std.LongWeekDay: sb.Append(s_days[(int)dt.DayOfWeek]); break;
                case Std.Day: AppendInt(sb, dt.Day, 0); break;
                case Std.UnderDay:
                    if (dt.Day < 10) sb.Append(' ');
                    AppendInt(sb, dt.Day, 0);
                    break;
                case Std.ZeroDay: AppendInt(sb, dt.Day, 2); break;
                case Std.UnderYearDay:
                    if (dt.DayOfYear < 100)
                    {
                        sb.Append(' ');
                        if (dt.DayOfYear < 10) sb.Append(' ');
                    }
                    AppendInt(sb, dt.DayOfYear, 0);
                    break;
                case Std.ZeroYearDay: AppendInt(sb, dt.DayOfYear, 3); break;
                case Std.Hour: AppendInt(sb, hour, 2); break;
                case Std.Hour12: AppendInt(sb, hour % 12 == 0 ? 12 : hour % 12, 0); break;
                case Std.ZeroHour12: AppendInt(sb, hour % 12 == 0 ? 12 : hour % 12, 2); break;
                case Std.Minute: AppendInt(sb, dt.Minute, 0); break;
                case Std.ZeroMinute: AppendInt(sb, dt.Minute, 2); break;
                case Std.Second: AppendInt(sb, dt.Second, 0); break;
                case Std.ZeroSecond: AppendInt(sb, dt.Second, 2); break;
                case Std.PM: sb.Append(hour >= 12 ? "PM" : "AM"); break;
                case Std.pm: sb.Append(hour >= 12 ? "pm" : "am"); break;
                case Std.TZ:
                    if (zoneName is not null) sb.Append(zoneName);
                    else AppendOffset(sb, Std.NumTZ, offset);
                    break;
                case Std.ISO8601TZ or Std.ISO8601SecondsTZ or Std.ISO8601ShortTZ or Std.ISO8601ColonTZ or Std.ISO8601ColonSecondsTZ:
                    if (offset == 0) sb.Append('Z');
                    else AppendOffset(sb, std, offset);
                    break;
                case Std.NumTZ or Std.NumSecondsTz or Std.NumShortTZ or Std.NumColonTZ or Std.NumColonSecondsTZ:
                    AppendOffset(sb, std, offset);
                    break;
                case Std.FracSecond0 or Std.FracSecond9:
                    AppendFraction(sb, std, digits, sep, (int)(dt.Ticks % TimeSpan.TicksPerSecond) * 100);
                    break;
            }
        }
        return sb.ToString();
    }

    private static void AppendOffset(StringBuilder sb, Std std, int offsetSeconds)
    {
        int zone = offsetSeconds / 60;
        int abs = offsetSeconds;
        if (zone < 0) { sb.Append('-'); zone = -zone; abs = -abs; }
        else sb.Append('+');
        AppendInt(sb, zone / 60, 2);
        bool colon = std is Std.ISO8601ColonTZ or Std.NumColonTZ or Std.ISO8601ColonSecondsTZ or Std.NumColonSecondsTZ;
        if (colon) sb.Append(':');
        if (std is not (Std.NumShortTZ or Std.ISO8601ShortTZ)) AppendInt(sb, zone % 60, 2);
        if (std is Std.ISO8601SecondsTZ or Std.NumSecondsTz or Std.NumColonSecondsTZ or Std.ISO8601ColonSecondsTZ)
        {
            if (colon) sb.Append(':');
            AppendInt(sb, abs % 60, 2);
        }
    }

    private static void AppendFraction(StringBuilder sb, Std std, int digits, char sep, int nanos)
    {
        bool trim = std == Std.FracSecond9;
        if (trim && (digits == 0 || nanos == 0)) return;
        string ns = nanos.ToString("D9", CultureInfo.InvariantCulture)[..digits];
        if (trim) ns = ns.TrimEnd('0');
        if (trim && ns.Length == 0) return;
        sb.Append(sep).Append(ns);
    }

    /// <summary>Go time.Parse(time.RFC3339, s) (fractional seconds allowed, 'Z' or ±hh:mm).</summary>
    public static bool TryParseRfc3339(string s, out DateTimeOffset t) =>
        DateTimeOffset.TryParseExact(s,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out t)
        && (s.EndsWith('Z') || s.Length >= 6 && s[^6] is '+' or '-' && s[^3] == ':');
}
