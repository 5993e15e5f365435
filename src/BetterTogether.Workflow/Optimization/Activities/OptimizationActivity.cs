using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// Base of the optimization activities: a Durable <see cref="TaskActivity{TInput, TOutput}"/> whose work takes a token.
/// </summary>
/// <remarks>
/// Durable activities get no cancellation token (Durable Functions gives none either): a stopping host lets the
/// activity end or abandons it, and at-least-once delivery runs it again, which the activities' stored outputs make cheap.
/// </remarks>
public abstract class OptimizationActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    /// <inheritdoc/>
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunAsync(input, CancellationToken.None);
    }

    /// <summary>Runs the activity.</summary>
    protected abstract Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}
