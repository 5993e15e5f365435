namespace BetterTogether.Core.Predictors;

/// <summary>Sampling settings that override a predictor's LM defaults for one flow of calls.</summary>
/// <param name="Temperature">The temperature to sample at.</param>
/// <param name="RolloutId">A rollout id that makes the request a distinct cache entry.</param>
public sealed record SamplingOverride(float Temperature, int RolloutId);
