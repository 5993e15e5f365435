namespace BetterTogether.Core.FineTuning;

/// <summary>A training progress report.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="TotalSteps">Optimizer steps planned.</param>
/// <param name="Loss">Mean loss of the last step.</param>
/// <param name="TokensPerSecond">Training throughput of the last step.</param>
public sealed record FineTuneProgress(int Step, int TotalSteps, double Loss, double TokensPerSecond);
