using System.Globalization;

namespace BetterTogether.Cli.Serve.Schedules;

/// <summary>
/// A 6-field NCRONTAB schedule as Azure Functions timer triggers use it: <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>,
/// evaluated in UTC. Each field takes <c>*</c>, a value, a range <c>a-b</c>, a step <c>*/n</c>, <c>a-b/n</c> or <c>a/n</c>,
/// and comma lists of those; months take <c>JAN</c>…<c>DEC</c>, days of week <c>SUN</c>…<c>SAT</c> (0 or 7 = Sunday).
/// A time matches when every field matches (day of month and day of week both, as NCrontab does).
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] FieldNames = ["second", "minute", "hour", "day", "month", "day-of-week"];
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private readonly bool[][] _allowed;

    private CronSchedule(string expression, bool[][] allowed)
    {
        Expression = expression;
        _allowed = allowed;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>Parses a 6-field NCRONTAB expression.</summary>
    /// <exception cref="CronFormatException">The expression is malformed; the message names the field.</exception>
    public static CronSchedule Parse(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new CronFormatException("The schedule is empty; expected 6 fields: {second} {minute} {hour} {day} {month} {day-of-week}, e.g. \"0 0 3 * * *\".");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 6)
        {
            throw new CronFormatException($"\"{expression}\" has {fields.Length} field(s); NCRONTAB needs 6: {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}.");
        }

        var allowed = new bool[6][];
        for (var i = 0; i < 6; i++)
        {
            allowed[i] = ParseField(expression, i, fields[i]);
        }

        // Day of week 7 is Sunday.
        allowed[5][0] |= allowed[5][7];
        return new CronSchedule(expression, allowed);
    }

    /// <summary>True when <paramref name="expression"/> parses.</summary>
    public static bool TryParse(string? expression, out CronSchedule? schedule)
    {
        try
        {
            schedule = Parse(expression ?? string.Empty);
            return true;
        }
        catch (CronFormatException)
        {
            schedule = null;
            return false;
        }
    }

    /// <summary>The first matching time strictly after <paramref name="after"/> (UTC, whole seconds), or null when none within 5 years.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        var utc = after.ToUniversalTime();
        var t = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_allowed[4][t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!_allowed[3][t.Day] || !_allowed[5][(int)t.DayOfWeek])
            {
                t = t.Date.AddDays(1);
            }
            else if (!_allowed[2][t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if (!_allowed[1][t.Minute])
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
            }
            else if (!_allowed[0][t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return new DateTimeOffset(t, TimeSpan.Zero);
            }
        }

        return null;
    }

    /// <summary>The latest matching time in (<paramref name="from"/>, <paramref name="to"/>], or null when none.</summary>
    public DateTimeOffset? GetLatestOccurrence(DateTimeOffset from, DateTimeOffset to)
    {
        DateTimeOffset? latest = null;
        var cursor = from;
        while (GetNextOccurrence(cursor) is { } next && next <= to)
        {
            latest = next;
            cursor = next;
        }

        return latest;
    }

    /// <inheritdoc/>
    public override string ToString() => Expression;

    private static bool[] ParseField(string expression, int index, string field)
    {
        var (min, max) = Ranges[index];
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var stepAt = part.IndexOf('/', StringComparison.Ordinal);
            var rangeText = stepAt < 0 ? part : part[..stepAt];
            var step = 1;
            if (stepAt >= 0 && (!int.TryParse(part[(stepAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
            {
                throw Fault(expression, index, $"step \"{part[(stepAt + 1)..]}\" is not a positive number");
            }

            int low, high;
            if (rangeText == "*")
            {
                (low, high) = (min, index == 5 ? 6 : max);
            }
            else if (rangeText.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
            {
                low = Value(expression, index, rangeText[..dash]);
                high = Value(expression, index, rangeText[(dash + 1)..]);
                if (high < low)
                {
                    throw Fault(expression, index, $"range \"{rangeText}\" runs backwards");
                }
            }
            else
            {
                low = Value(expression, index, rangeText);
                high = stepAt >= 0 ? (index == 5 ? 6 : max) : low;
            }

            for (var v = low; v <= high; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;
    }

    private static int Value(string expression, int index, string text)
    {
        var (min, max) = Ranges[index];
        var names = index == 4 ? Months : index == 5 ? Days : null;
        if (names is not null && Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is var named and >= 0)
        {
            return index == 4 ? named + 1 : named;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Fault(expression, index, $"\"{text}\" is not a number{(names is null ? string.Empty : " or a name")}");
        }

        return value < min || value > max ? throw Fault(expression, index, $"{value} is outside {min}-{max}") : value;
    }

    private static CronFormatException Fault(string expression, int index, string what) =>
        new($"\"{expression}\": the {FieldNames[index]} field (field {index + 1}) is invalid: {what}.");
}
