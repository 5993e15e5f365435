using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;

namespace BetterTogether.Durable.Client;

/// <summary>Maps DurableTask.Core's types to the SDK's client types.</summary>
internal static class CoreConversions
{
    /// <summary>The statuses of an instance that has not finished; a start on its id is rejected.</summary>
    public static readonly Core.OrchestrationStatus[] NonTerminalStatuses =
    [
        Core.OrchestrationStatus.Pending,
        Core.OrchestrationStatus.Running,
        Core.OrchestrationStatus.Suspended,
        Core.OrchestrationStatus.ContinuedAsNew,
    ];

    // The SDK documents its status enum as mirroring DurableTask.Core's value for value.
    public static OrchestrationRuntimeStatus ToClient(this Core.OrchestrationStatus status) => (OrchestrationRuntimeStatus)(int)status;

    public static Core.OrchestrationStatus ToCore(this OrchestrationRuntimeStatus status) => (Core.OrchestrationStatus)(int)status;

    public static TaskFailureDetails? ToClient(this Core.FailureDetails? details) =>
        details is null
            ? null
            : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure.ToClient(), details.Properties);

    /// <summary>
    /// The failure of a failed instance. Azure Storage keeps no failure details in its instance table, only their text
    /// (<c>"{ErrorType}: {ErrorMessage}"</c>) as the output; that text is split back into type and message (no stack trace).
    /// </summary>
    public static TaskFailureDetails? FailureOf(Core.OrchestrationState state)
    {
        if (state.FailureDetails is not null || state.OrchestrationStatus != Core.OrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return state.FailureDetails.ToClient();
        }

        var separator = state.Output.IndexOf(": ", StringComparison.Ordinal);
        var errorType = separator > 0 ? state.Output[..separator] : null;
        return errorType is not null && !errorType.Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(errorType, state.Output[(separator + 2)..], null, null, null)
            : new TaskFailureDetails("Unknown", state.Output, null, null, null);
    }

    public static OrchestrationMetadata ToMetadata(this Core.OrchestrationState state, DataConverter converter, bool includeInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = converter,
            RuntimeStatus = state.OrchestrationStatus.ToClient(),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = includeInputsAndOutputs ? state.Input : null,
            SerializedOutput = includeInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = state.Status,
            FailureDetails = FailureOf(state),
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
        };

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime());
}
