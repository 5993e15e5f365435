namespace BetterTogether.Workflow.Orchestration;

/// <summary>Base class of a typed orchestrator (Durable's <c>TaskOrchestrator&lt;TInput, TOutput&gt;</c>).</summary>
/// <typeparam name="TInput">The input type (JSON).</typeparam>
/// <typeparam name="TOutput">The output type (JSON).</typeparam>
public abstract class Orchestrator<TInput, TOutput> : IOrchestrator
{
    /// <inheritdoc/>
    public Type InputType => typeof(TInput);

    /// <summary>Runs (or replays) the orchestration.</summary>
    public abstract Task<TOutput> RunAsync(IOrchestrationContext context, TInput input);

    /// <inheritdoc/>
    async Task<object?> IOrchestrator.RunAsync(IOrchestrationContext context, object? input)
    {
        // No ConfigureAwait(false): orchestrator continuations must stay on the replay context.
#pragma warning disable CA2007
        return await RunAsync(context, (TInput)input!);
#pragma warning restore CA2007
    }
}
