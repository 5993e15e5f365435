using System.Diagnostics;

namespace BetterTogether.Cli.Bench;

/// <summary>Median-of-repetitions timing after warm-up.</summary>
internal static class BenchTiming
{
    /// <summary>Runs <paramref name="action"/> warm-up times untimed, then returns the median seconds of the timed runs.</summary>
    public static double MedianSeconds(Action action, int warmUps, int repetitions)
    {
        for (var i = 0; i < warmUps; i++)
        {
            action();
        }

        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[repetitions / 2];
    }
}
