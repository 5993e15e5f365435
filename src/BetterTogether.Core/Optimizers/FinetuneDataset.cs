using BetterTogether.Core.FineTuning;

namespace BetterTogether.Core.Optimizers;

/// <summary>The training data of one fine-tuning job: an LM (and, unless multitask, a predictor) and its records.</summary>
/// <param name="Key">The training key: the LM, plus the predictor when not multitask.</param>
/// <param name="BaseModelId">The model to train the adapter on.</param>
/// <param name="PredictorNames">The student's predictors that will serve the trained adapter.</param>
/// <param name="Records">The filtered, shuffled records.</param>
public sealed record FinetuneDataset(string Key, string BaseModelId, IReadOnlyList<string> PredictorNames, IReadOnlyList<ChatRecord> Records);
