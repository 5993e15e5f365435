namespace BetterTogether.Engine.Inference;

/// <summary>Why generation ended.</summary>
public enum FinishReason
{
    /// <summary>A stop token was produced (or the callback asked to stop).</summary>
    Stop,

    /// <summary><see cref="SamplingOptions.MaxNewTokens"/> or the model's context was reached.</summary>
    Length,
}
