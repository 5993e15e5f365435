namespace BetterTogether.Workflow.Orchestration;

/// <summary>
/// Manages orchestration instances (Durable's <c>DurableTaskClient</c>): implemented by the embedded
/// runtime here and bound to Durable Functions in the cloud.
/// </summary>
public interface IOrchestrationClient
{
    /// <summary>Starts an instance of orchestration <paramref name="orchestratorName"/> and returns its id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is taken (see <see cref="StartOrchestrationOptions.AllowRestartOfCompleted"/>).</exception>
    /// <exception cref="ArgumentException">No orchestrator has that name.</exception>
    Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's status, or null when it does not exist.</summary>
    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default);

    /// <summary>Lists instances that match <paramref name="query"/>, ordered by instance id.</summary>
    IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Raises event <paramref name="eventName"/> on a running instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default);

    /// <summary>Terminates a running instance; no effect on a finished one.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default);

    /// <summary>Suspends a running instance: it makes no progress until resumed.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a suspended instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance's status and history. Returns false when there was nothing to purge.</summary>
    /// <exception cref="InvalidOperationException">The instance is still running.</exception>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance completes, fails or is terminated, and returns its final status.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default);
}
