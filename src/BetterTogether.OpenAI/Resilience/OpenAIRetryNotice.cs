namespace BetterTogether.OpenAI.Resilience;

/// <summary>Describes a retry the pipeline is about to make.</summary>
/// <param name="Operation">The operation being retried, e.g. <c>POST /chat/completions</c>.</param>
/// <param name="AttemptNumber">The zero-based number of the attempt that failed.</param>
/// <param name="Delay">How long the pipeline waits before the next attempt.</param>
/// <param name="Failure">The failure that caused the retry.</param>
public sealed record OpenAIRetryNotice(string Operation, int AttemptNumber, TimeSpan Delay, Exception? Failure);
