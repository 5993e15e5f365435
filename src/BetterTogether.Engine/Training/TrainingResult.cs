namespace BetterTogether.Engine.Training;

/// <summary>The outcome of <see cref="LoraTrainer.Train"/>.</summary>
/// <param name="Steps">Optimizer steps done in total (including resumed ones).</param>
/// <param name="Losses">Mean loss of each step done in this call.</param>
public sealed record TrainingResult(int Steps, IReadOnlyList<double> Losses);
