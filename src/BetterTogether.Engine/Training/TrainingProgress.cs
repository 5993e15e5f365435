namespace BetterTogether.Engine.Training;

/// <summary>Reported after every optimizer step.</summary>
/// <param name="Step">Optimizer steps done (1-based).</param>
/// <param name="TotalSteps">Optimizer steps planned.</param>
/// <param name="Loss">Mean loss per target token of this step.</param>
/// <param name="TokensPerSecond">Tokens (forward and backward) processed per second in this step.</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double TokensPerSecond, double LearningRate, double GradientNorm);
