namespace BetterTogether.Core.LanguageModels;

/// <summary>What LM usage is accounted against: a run stage (e.g. <c>bootstrap</c>, <c>evaluate</c>) and a predictor.</summary>
/// <param name="Stage">The stage set by <see cref="UsageScope.BeginStage"/>; empty when none.</param>
/// <param name="Predictor">The predictor set by <see cref="UsageScope.BeginPredictor"/>; empty when none.</param>
public sealed record UsageKey(string Stage, string Predictor);
