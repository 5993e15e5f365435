namespace BetterTogether.Workflow.Orchestration;

/// <summary>Base class of a typed activity (Durable's <c>TaskActivity&lt;TInput, TOutput&gt;</c>).</summary>
/// <typeparam name="TInput">The input type (JSON).</typeparam>
/// <typeparam name="TOutput">The output type (JSON).</typeparam>
public abstract class Activity<TInput, TOutput> : IActivity
{
    /// <inheritdoc/>
    public Type InputType => typeof(TInput);

    /// <summary>Runs the activity.</summary>
    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    async Task<object?> IActivity.RunAsync(ActivityContext context, object? input, CancellationToken cancellationToken)
        => await RunAsync(context, (TInput)input!, cancellationToken).ConfigureAwait(false);
}
