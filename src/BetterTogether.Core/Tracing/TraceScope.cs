namespace BetterTogether.Core.Tracing;

/// <summary>
/// The ambient trace that predictors append to (DSPy's <c>dspy.context(trace=[])</c>). It flows with the
/// async execution context, so concurrent program runs each see their own trace.
/// </summary>
public static class TraceScope
{
    private static readonly AsyncLocal<Trace?> CurrentTrace = new();

    /// <summary>The trace of the current run, or null when nothing is tracing.</summary>
    public static Trace? Current => CurrentTrace.Value;

    /// <summary>Makes <paramref name="trace"/> the ambient trace until the returned scope is disposed.</summary>
    /// <remarks>Begin and dispose in the same async method, around the awaited program call.</remarks>
    public static IDisposable Begin(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var previous = CurrentTrace.Value;
        CurrentTrace.Value = trace;
        return new Restore(previous);
    }

    private sealed class Restore(Trace? previous) : IDisposable
    {
        public void Dispose() => CurrentTrace.Value = previous;
    }
}
