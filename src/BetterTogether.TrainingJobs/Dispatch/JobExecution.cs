namespace BetterTogether.TrainingJobs.Dispatch;

/// <summary>A started execution.</summary>
/// <param name="Name">The execution name (process key or Container Apps job execution name).</param>
/// <param name="Dispatcher">Which dispatcher ran it (<c>process</c>, <c>containerapps</c>).</param>
public sealed record JobExecution(string Name, string Dispatcher);
