using BetterTogether.Api.Schedules;

namespace BetterTogether.Api.Tests;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 15, 30, TimeSpan.Zero); // a Sunday

    [Theory]
    [InlineData("* * * * * *", "2026-11-22T10:15:31Z")]
    [InlineData("0 * * * * *", "2026-11-22T10:16:00Z")]
    [InlineData("0 */5 * * * *", "2026-11-22T10:20:00Z")]
    [InlineData("0 0 3 * * *", "2026-11-23T03:00:00Z")]
    [InlineData("30 15 10 * * *", "2026-11-23T10:15:30Z")]
    [InlineData("0 0 9 * * MON-FRI", "2026-11-23T09:00:00Z")]
    [InlineData("0 0 9 * * 0", "2026-11-29T09:00:00Z")]
    [InlineData("0 0 0 1 JAN *", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 12 29 2 *", "2028-02-29T12:00:00Z")]
    [InlineData("0 0,30 8-9 * * *", "2026-11-23T08:00:00Z")]
    [InlineData("10/20 * * * * *", "2026-11-22T10:15:50Z")]
    [InlineData("0 0 0 13 * FRI", "2027-08-13T00:00:00Z")]
    public void GetNextOccurrence_Expression_MatchesExpected(string expression, string expected)
        => Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(expression).GetNextOccurrence(Start));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0 0 * * *", "5 field(s)")]
    [InlineData("60 * * * * *", "[Second] field")]
    [InlineData("0 0 24 * * *", "[Hour] field")]
    [InlineData("0 0 0 0 * *", "[Day] field")]
    [InlineData("0 0 0 * 13 *", "[Month] field")]
    [InlineData("0 0 0 * * MOON", "[DayOfWeek]")]
    [InlineData("0 0 9 * * 7", "[DayOfWeek] field")] // NCrontab, like the Functions timer, takes 0-6 (0 = Sunday)
    public void Parse_Malformed_ThrowsNamingTheField(string expression, string expected)
        => Assert.Contains(expected, Assert.Throws<CronFormatException>(() => CronSchedule.Parse(expression)).Message, StringComparison.Ordinal);

    [Fact]
    public void GetLatestOccurrence_Window_ReturnsLastSlotOnly()
    {
        var hourly = CronSchedule.Parse("0 0 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero), hourly.GetLatestOccurrence(Start, Start.AddHours(5)));
        Assert.Null(hourly.GetLatestOccurrence(Start, Start.AddMinutes(30)));
    }

    [Theory]
    [InlineData("* * * * * *", 31 * 24 * 3600)]
    [InlineData("0 0 3 1 * *", 31 * 24 * 3600)]
    [InlineData("0 0 9 * * MON-FRI", 10 * 24 * 3600)]
    [InlineData("0 0 0 29 2 *", 4 * 366 * 24 * 3600)]
    public void GetLatestOccurrence_AgreesWithScanningEverySlot(string expression, int windowSeconds)
    {
        var cron = CronSchedule.Parse(expression);
        var to = Start;
        var from = to.AddSeconds(-windowSeconds);

        // The reference: walk every occurrence of the window forward (slow for per-second schedules, exact for all).
        DateTimeOffset? expected = null;
        var cursor = expression.StartsWith("* ", StringComparison.Ordinal) ? to.AddSeconds(-2) : from;
        while (cron.GetNextOccurrence(cursor) is { } next && next <= to)
        {
            expected = next;
            cursor = next;
        }

        Assert.Equal(expected, cron.GetLatestOccurrence(from, to));
    }

    [Fact]
    public void GetLatestOccurrence_Bounds_FromExclusive_ToInclusive()
    {
        var hourly = CronSchedule.Parse("0 0 * * * *");
        var eleven = new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(eleven, hourly.GetLatestOccurrence(eleven.AddTicks(-1), eleven));
        Assert.Null(hourly.GetLatestOccurrence(eleven, eleven.AddMinutes(59)));
    }

    [Fact]
    public void GetNextOccurrence_Impossible_ReturnsNull()
        => Assert.Null(CronSchedule.Parse("0 0 0 31 2 *").GetNextOccurrence(Start));
}
