using BetterTogether.Cli.Bench;

namespace BetterTogether.Cli.Tests.Bench;

public sealed class BenchClockTests
{
    [Fact]
    public void Median_OddAndEvenCounts_TakesEachFigureSeparately()
    {
        var odd = BenchClock.Median([new(3, 0.1), new(1, 0.3), new(2, 0.2)]);
        var even = BenchClock.Median([new(4, 1), new(1, 4), new(2, 3), new(3, 2)]);

        Assert.Equal(new BenchClock(2, 0.2), odd);
        Assert.Equal(new BenchClock(2.5, 2.5), even);
    }

    [Fact]
    public void Median_NoSamples_Throws() => Assert.Throws<ArgumentException>(() => BenchClock.Median([]));

    [Fact]
    public void Measure_BusyLoop_CountsCpuTime()
    {
        var sum = 0.0;
        var clock = BenchClock.Measure(() =>
        {
            for (var i = 0; i < 20_000_000; i++)
            {
                sum += Math.Sqrt(i);
            }
        });

        Assert.True(sum > 0);
        Assert.True(clock.WallSeconds > 0);
        Assert.True(clock.CpuSeconds > 0);
    }
}
