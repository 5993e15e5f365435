namespace BetterTogether.Workflow.Orchestration;

/// <summary>An activity: the unit of real work (I/O, LM calls, training); runs at least once, so it must be idempotent.</summary>
public interface IActivity
{
    /// <summary>The type the JSON input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>Runs the activity.</summary>
    /// <param name="context">Which activity and instance this is.</param>
    /// <param name="input">The deserialized input.</param>
    /// <param name="cancellationToken">Canceled when the runtime stops.</param>
    /// <returns>The output, JSON-serialized into the history.</returns>
    Task<object?> RunAsync(ActivityContext context, object? input, CancellationToken cancellationToken = default);
}
