namespace BetterTogether.Workflow.Orchestration;

/// <summary>An orchestrator: deterministic code that schedules activities (Durable's <c>ITaskOrchestrator</c>).</summary>
public interface IOrchestrator
{
    /// <summary>The type the JSON input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>Runs (or replays) the orchestration and returns its output.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The deserialized input.</param>
    Task<object?> RunAsync(IOrchestrationContext context, object? input);
}
