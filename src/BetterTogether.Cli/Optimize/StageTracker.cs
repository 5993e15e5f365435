using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Optimize;

/// <summary>Turns the orchestration's custom status into per-stage progress: stage 0 is the baseline, stage i the i-th strategy step, the last the test evaluation.</summary>
internal sealed class StageTracker(IProgress<StageProgress> progress)
{
    private int _current = -1;
    private int _count;
    private string[] _labels = [];

    /// <summary>Reports the stage the status names, completing the stages before it.</summary>
    public void Update(OptimizationProgress status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (_labels.Length == 0)
        {
            _count = status.TotalSteps + 2;
            _labels = ["baseline", .. Enumerable.Range(1, status.TotalSteps).Select(i => $"step {i}"), "test"];
        }

        var index = status.Stage switch
        {
            "prepare" or "baseline" => 0,
            "test" or "report" or "done" => _count - 1,
            "failed" => _current,
            _ => Math.Clamp(status.Step, 0, _count - 1),
        };
        if (index < 0)
        {
            return;
        }

        for (var i = Math.Max(_current, 0); i < index; i++)
        {
            progress.Report(new StageProgress(i, _count, _labels[i], 1));
        }

        _current = index;
        progress.Report(new StageProgress(index, _count, _labels[index], status.Stage == "done" ? 1 : 0, Detail(status)));
    }

    /// <summary>Completes the remaining stages of a finished run.</summary>
    public void Finish(bool succeeded)
    {
        if (!succeeded || _current < 0)
        {
            return;
        }

        for (var i = _current; i < _count; i++)
        {
            progress.Report(new StageProgress(i, _count, _labels[i], 1));
        }
    }

    private static string Detail(OptimizationProgress status) =>
        status.BestScore is { } best ? $"{status.Detail ?? status.Stage} (best so far {best:0.0})" : status.Detail ?? status.Stage;
}
