using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace BetterTogether.Cli.Optimize;

/// <summary>Shows a run's stages: a Spectre progress bar per stage on an interactive terminal, one plain line per stage change otherwise (redirected output, CI).</summary>
internal static class ProgressView
{
    // Leaves room for the bar, percentage, time and spinner on an 80-column terminal.
    private const int MaxDescription = 44;

    /// <summary>Runs <paramref name="work"/>, rendering the progress it reports.</summary>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, Func<IProgress<StageProgress>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            return await work(new PlainProgress(console)).ConfigureAwait(false);
        }

        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(ctx => work(new BarProgress(ctx)))
            .ConfigureAwait(false);
    }

    private static string Title(StageProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"[{p.Index + 1}/{p.Count}] {p.Label}");

    private sealed class BarProgress(ProgressContext context) : IProgress<StageProgress>
    {
        private readonly Dictionary<int, ProgressTask> _tasks = [];
        private readonly Lock _gate = new();

        public void Report(StageProgress value)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(value.Index, out var task))
                {
                    task = context.AddTask(Markup.Escape(Title(value)), maxValue: 1);
                    _tasks[value.Index] = task;
                }

                if (value.Detail is { } detail)
                {
                    var text = $"{Title(value)}: {detail}";
                    task.Description = Markup.Escape(text.Length > MaxDescription ? text[..(MaxDescription - 1)] + "…" : text);
                }

                task.Value = Math.Clamp(value.Fraction, 0, 1);
                if (value.Fraction >= 1)
                {
                    task.StopTask();
                }
            }
        }
    }

    private sealed class PlainProgress(IAnsiConsole console) : IProgress<StageProgress>
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _watch = new();
        private string? _last;
        private int _index = -1;

        public void Report(StageProgress value)
        {
            lock (_gate)
            {
                var line = value.Fraction >= 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{Title(value)} done in {_watch.Elapsed.TotalSeconds:0.0} s")
                    : $"{Title(value)}{(value.Detail is { } d ? ": " + d : string.Empty)}";
                if (value.Index != _index)
                {
                    _index = value.Index;
                    _watch.Restart();
                }

                if (line != _last)
                {
                    console.WriteLine(line);
                    _last = line;
                }
            }
        }
    }
}
