namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// The ambient stage and predictor that LM usage is accounted against. Flows with the async execution context,
/// so concurrent work in different stages is attributed correctly. Predictors set their own name around each call.
/// </summary>
public static class UsageScope
{
    private static readonly AsyncLocal<string?> CurrentStage = new();
    private static readonly AsyncLocal<string?> CurrentPredictor = new();

    /// <summary>The current key (empty strings where nothing is set).</summary>
    public static UsageKey Current => new(CurrentStage.Value ?? string.Empty, CurrentPredictor.Value ?? string.Empty);

    /// <summary>Sets the stage until the returned scope is disposed.</summary>
    public static IDisposable BeginStage(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        var previous = CurrentStage.Value;
        CurrentStage.Value = stage;
        return new Restore(() => CurrentStage.Value = previous);
    }

    /// <summary>Sets the predictor until the returned scope is disposed.</summary>
    public static IDisposable BeginPredictor(string predictor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(predictor);
        var previous = CurrentPredictor.Value;
        CurrentPredictor.Value = predictor;
        return new Restore(() => CurrentPredictor.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
