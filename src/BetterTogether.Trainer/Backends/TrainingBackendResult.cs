namespace BetterTogether.Trainer.Backends;

/// <summary>What a training run did.</summary>
/// <param name="Steps">Optimizer steps done.</param>
/// <param name="FinalLoss">Loss of the last step.</param>
public sealed record TrainingBackendResult(int Steps, double FinalLoss);
