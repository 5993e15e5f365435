using System.Diagnostics;
using BetterTogether.OpenAI.Telemetry;

namespace BetterTogether.OpenAI.Tests.Telemetry;

/// <summary>
/// An in-memory <see cref="ActivityListener"/> that keeps the LM spans (<see cref="LmTelemetry.SourceName"/>) started
/// under its own root activity, so LM calls of tests running in parallel do not leak in.
/// </summary>
internal sealed class LmSpanRecorder : IDisposable
{
    private const string TestSourceName = "BetterTogether.Tests.LmSpans";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _listener;
    private readonly Activity? _root;
    private readonly List<Activity> _spans = [];

    public LmSpanRecorder()
    {
        _listener = new ActivityListener
        {
            // By name: touching TestSource here could create it while the listener is being added, unlistened.
            ShouldListenTo = source => source.Name is LmTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test");
    }

    /// <summary>The LM spans stopped so far under this recorder's root, in stop order.</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public void Dispose()
    {
        _root?.Dispose();
        _listener.Dispose();
    }

    private void Record(Activity activity)
    {
        if (activity.Source.Name == LmTelemetry.SourceName && _root is { } root && activity.TraceId == root.TraceId)
        {
            lock (_spans)
            {
                _spans.Add(activity);
            }
        }
    }
}
