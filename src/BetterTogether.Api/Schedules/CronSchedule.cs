using NCrontab;

namespace BetterTogether.Api.Schedules;

/// <summary>
/// A 6-field NCRONTAB schedule (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, UTC), parsed by NCrontab,
/// the library the Azure Functions timer trigger uses, so a schedule means the same on both hosts.
/// </summary>
public sealed class CronSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    // Windows searched back from "now" for the latest slot, smallest first, so a per-second schedule costs a minute's
    // occurrences and a monthly one a month's, not the whole missed-slot window's.
    private static readonly TimeSpan[] LookBack = [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32)];

    private readonly CrontabSchedule _schedule;

    private CronSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>Parses a 6-field NCRONTAB expression.</summary>
    /// <exception cref="CronFormatException">The expression is malformed; the message says how.</exception>
    public static CronSchedule Parse(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new CronFormatException("The schedule is empty; expected 6 fields: {second} {minute} {hour} {day} {month} {day-of-week}, e.g. \"0 0 3 * * *\".");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new CronFormatException($"\"{expression}\" has {fields.Length} field(s); NCRONTAB needs 6: {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}.");
        }

        try
        {
            return new CronSchedule(expression, CrontabSchedule.Parse(expression, WithSeconds));
        }
        catch (CrontabException e)
        {
            throw new CronFormatException($"\"{expression}\" is not a valid NCRONTAB schedule: {e.Message}", e);
        }
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

    /// <summary>The first matching time strictly after <paramref name="after"/> (UTC), or null when none within 5 years.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        var start = after.UtcDateTime;
        var end = start.AddYears(5);
        var next = _schedule.GetNextOccurrence(start, end);
        return next < end ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;
    }

    /// <summary>The latest matching time in (<paramref name="from"/>, <paramref name="to"/>], or null when none.</summary>
    public DateTimeOffset? GetLatestOccurrence(DateTimeOffset from, DateTimeOffset to)
    {
        var low = from.UtcDateTime;
        var high = to.UtcDateTime.AddTicks(1);
        if (high <= low)
        {
            return null;
        }

        foreach (var window in LookBack.Append(high - low))
        {
            var start = high - window > low ? high - window : low;
            DateTime? latest = null;
            foreach (var occurrence in _schedule.GetNextOccurrences(start, high))
            {
                latest = occurrence;
            }

            if (latest is { } found)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(found, DateTimeKind.Utc));
            }

            if (start == low)
            {
                return null;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => Expression;
}
