using System.Text.Json;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace BetterTogether.Functions.Binding;

/// <summary>
/// The orchestrator and activity functions: each resolves one of our orchestrators or activities by name from the
/// <see cref="WorkflowRegistry"/> (the same registrations the embedded runtime uses) and runs it; nothing else happens here.
/// </summary>
/// <param name="registry">The registered orchestrators and activities.</param>
public sealed class WorkflowFunctions(WorkflowRegistry registry)
{
    /// <summary>Runs (replays) one of our orchestrators under Durable Functions.</summary>
    /// <param name="context">The Durable orchestration context.</param>
    /// <returns>The orchestrator's output as JSON.</returns>
    [Function(FunctionNames.Orchestrator)]
    public async Task<JsonElement?> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var envelope = context.GetInput<OrchestrationEnvelope>()
            ?? throw new InvalidOperationException($"Instance '{context.InstanceId}' was started without an orchestration envelope.");
        var orchestrator = registry.CreateOrchestrator(envelope.Name)
            ?? throw new KeyNotFoundException($"No orchestrator named '{envelope.Name}' is registered.");
        var input = FunctionsJson.FromElement(envelope.Input, orchestrator.InputType);
#pragma warning disable CA2007 // Orchestrator continuations must stay on the orchestration's scheduler.
        var output = await orchestrator.RunAsync(new DurableOrchestrationContext(context, envelope), input);
#pragma warning restore CA2007
        return FunctionsJson.ToElement(output);
    }

    /// <summary>Runs one of our activities.</summary>
    /// <param name="envelope">Which activity, for which instance, with what input.</param>
    /// <param name="cancellationToken">Canceled when the host shuts down.</param>
    /// <returns>The activity's output as a JSON string (null when none).</returns>
    [Function(FunctionNames.Activity)]
    public async Task<string?> RunActivityAsync([ActivityTrigger] ActivityEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var activity = registry.CreateActivity(envelope.Name)
            ?? throw new KeyNotFoundException($"No activity named '{envelope.Name}' is registered.");
        var input = FunctionsJson.FromElement(envelope.Input, activity.InputType);
        var output = await activity.RunAsync(new ActivityContext(envelope.Name, envelope.InstanceId, envelope.TaskId), input, cancellationToken).ConfigureAwait(false);
        return FunctionsJson.ToElement(output)?.GetRawText();
    }
}
