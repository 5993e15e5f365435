using BetterTogether.Cli.Serve.Schedules;

namespace BetterTogether.Cli.Tests.Serve;

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
    [InlineData("0 0 9 * * 7", "2026-11-29T09:00:00Z")]
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
    [InlineData("60 * * * * *", "second field")]
    [InlineData("0 0 24 * * *", "hour field")]
    [InlineData("0 0 0 0 * *", "day field")]
    [InlineData("0 0 0 * 13 *", "month field")]
    [InlineData("0 0 0 * * MOON", "day-of-week field")]
    [InlineData("0 */0 * * * *", "minute field")]
    [InlineData("0 30-10 * * * *", "runs backwards")]
    public void Parse_Malformed_ThrowsNamingTheField(string expression, string expected)
        => Assert.Contains(expected, Assert.Throws<CronFormatException>(() => CronSchedule.Parse(expression)).Message, StringComparison.Ordinal);

    [Fact]
    public void GetLatestOccurrence_Window_ReturnsLastSlotOnly()
    {
        var hourly = CronSchedule.Parse("0 0 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero), hourly.GetLatestOccurrence(Start, Start.AddHours(5)));
        Assert.Null(hourly.GetLatestOccurrence(Start, Start.AddMinutes(30)));
    }

    [Fact]
    public void GetNextOccurrence_Impossible_ReturnsNull()
        => Assert.Null(CronSchedule.Parse("0 0 0 31 2 *").GetNextOccurrence(Start));
}
