using System.Diagnostics;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// Wall and process CPU time of a piece of work. On a shared, busy machine the wall time swings with other
/// people's load; CPU seconds (all of this process's threads) say what the work itself cost.
/// </summary>
/// <param name="WallSeconds">Elapsed seconds.</param>
/// <param name="CpuSeconds">CPU seconds used by this process in that time.</param>
internal readonly record struct BenchClock(double WallSeconds, double CpuSeconds)
{
    /// <summary>Runs <paramref name="action"/> and measures it.</summary>
    public static BenchClock Measure(Action action)
    {
        var start = Start();
        action();
        return start.Stop();
    }

    /// <summary>Starts a measurement.</summary>
    public static Mark Start() => new(Stopwatch.GetTimestamp(), CurrentCpu());

    /// <summary>Gets the median of each figure.</summary>
    public static BenchClock Median(IReadOnlyList<BenchClock> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("No samples to take a median of.", nameof(samples));
        }

        static double Mid(IEnumerable<double> xs)
        {
            var sorted = xs.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new BenchClock(Mid(samples.Select(s => s.WallSeconds)), Mid(samples.Select(s => s.CpuSeconds)));
    }

    /// <summary>Gets the machine's 1-minute load average, or null off Linux.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double CurrentCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>A started measurement.</summary>
    /// <param name="Timestamp">The stopwatch timestamp at the start.</param>
    /// <param name="Cpu">Process CPU seconds at the start.</param>
    internal readonly record struct Mark(long Timestamp, double Cpu)
    {
        /// <summary>Ends the measurement.</summary>
        public BenchClock Stop() => new(Stopwatch.GetElapsedTime(Timestamp).TotalSeconds, CurrentCpu() - Cpu);
    }
}
