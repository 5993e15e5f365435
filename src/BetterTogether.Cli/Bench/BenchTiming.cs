using System.Diagnostics;

namespace BetterTogether.Cli.Bench;

/// <summary>Median-of-repetitions timing after warm-up.</summary>
internal static class BenchTiming
{
    /// <summary>
    /// Times two contenders alternately, repetition by repetition, so both see the same load on a shared machine;
    /// returns each one's median seconds (null for a missing second contender).
    /// </summary>
    public static (double First, double? Second) MedianSecondsInterleaved(Action first, Action? second, int warmUps, int repetitions)
    {
        for (var i = 0; i < warmUps; i++)
        {
            first();
            second?.Invoke();
        }

        var firstTimes = new double[repetitions];
        var secondTimes = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            firstTimes[i] = Time(first);
            if (second is not null)
            {
                secondTimes[i] = Time(second);
            }
        }

        Array.Sort(firstTimes);
        Array.Sort(secondTimes);
        return (firstTimes[repetitions / 2], second is null ? null : secondTimes[repetitions / 2]);
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
