namespace BetterTogether.Pretraining.Evaluation;

/// <summary>Sampled (not greedy) decoding for a gate run: a temperature and the seed that makes it repeatable.</summary>
/// <param name="Temperature">The temperature (above 0).</param>
/// <param name="Seed">The sampler's seed.</param>
public sealed record GateSampling(double Temperature, int Seed);
