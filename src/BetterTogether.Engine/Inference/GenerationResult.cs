namespace BetterTogether.Engine.Inference;

/// <summary>The outcome of one generation.</summary>
/// <param name="Tokens">Generated token ids (without the prompt and without the stop token).</param>
/// <param name="PromptTokenCount">Tokens in the prompt.</param>
/// <param name="FinishReason">Why it ended.</param>
public sealed record GenerationResult(IReadOnlyList<int> Tokens, int PromptTokenCount, FinishReason FinishReason);
