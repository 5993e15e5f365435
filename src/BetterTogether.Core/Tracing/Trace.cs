namespace BetterTogether.Core.Tracing;

/// <summary>
/// The predictor calls of one program run, in completion order. Safe to append to from concurrent
/// branches of the same run.
/// </summary>
public sealed class Trace
{
    private readonly List<TraceStep> _steps = [];
    private readonly Lock _gate = new();

    /// <summary>A snapshot of the steps recorded so far.</summary>
    public IReadOnlyList<TraceStep> Steps
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps];
            }
        }
    }

    /// <summary>Records a step.</summary>
    public void Add(TraceStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (_gate)
        {
            _steps.Add(step);
        }
    }
}
