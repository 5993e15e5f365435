using BetterTogether.Core.FineTuning;

namespace BetterTogether.Core.Optimizers;

/// <summary>One predictor call of a traced run, rendered as a fine-tuning record.</summary>
/// <param name="PredictorName">The predictor that made the call.</param>
/// <param name="Record">The call as <c>{system, [demos], user, assistant}</c> chat messages.</param>
public sealed record TracedCall(string PredictorName, ChatRecord Record);
