namespace BetterTogether.Workflow.Orchestration;

/// <summary>Options of starting an instance.</summary>
/// <param name="InstanceId">The instance id; a new random id when null.</param>
/// <param name="AllowRestartOfCompleted">
/// When an instance with this id already completed, failed or was terminated, replace it instead of
/// failing with <see cref="OrchestrationAlreadyExistsException"/>.
/// </param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, bool AllowRestartOfCompleted = false);
