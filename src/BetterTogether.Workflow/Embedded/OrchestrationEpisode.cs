using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>Replays an orchestrator's code over its history, synchronously, on the calling thread.</summary>
internal static class OrchestrationEpisode
{
    /// <param name="orchestrator">A fresh orchestrator instance (null when the name is not registered).</param>
    /// <param name="name">The orchestration name.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="history">The current generation's history including this episode's new events.</param>
    /// <param name="pastCount">How many of <paramref name="history"/>'s events were seen by earlier episodes (replayed).</param>
    public static EpisodeResult Run(IOrchestrator? orchestrator, string name, string instanceId, IReadOnlyList<HistoryEvent> history, int pastCount)
    {
        var started = history.FirstOrDefault(e => e.Type == HistoryEventType.ExecutionStarted)
            ?? throw new InvalidDataException($"History of instance '{instanceId}' has no ExecutionStarted event.");
        if (orchestrator is null)
        {
            return Failed(null, new TaskFailureDetails(typeof(InvalidOperationException).FullName!, $"No orchestrator named '{name}' is registered."));
        }

        var pastActions = history
            .Where(e => e.Type is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated && e.TaskId is not null)
            .ToDictionary(e => e.TaskId!.Value);
        var context = new ReplayOrchestrationContext(name, instanceId, started.Data, pastActions);
        var sync = new OrchestrationSynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(sync);
        try
        {
            Task<object?>? run = null;
            for (var i = 0; i < history.Count; i++)
            {
                context.IsReplaying = i < pastCount;
                context.Deliver(history[i]);
                if (run is null && history[i].Type == HistoryEventType.OrchestratorStarted)
                {
                    run = Start(orchestrator, context, started.Data);
                }

                sync.Pump();
                if (context.NonDeterminism is not null)
                {
                    break;
                }
            }

            context.IsReplaying = false;
            return Conclude(context, run, pastActions);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static Task<object?> Start(IOrchestrator orchestrator, ReplayOrchestrationContext context, string? inputJson)
    {
        try
        {
            return orchestrator.RunAsync(context, WorkflowJson.Deserialize(inputJson, orchestrator.InputType));
        }
        catch (Exception ex)
        {
            return Task.FromException<object?>(ex);
        }
    }

    private static EpisodeResult Conclude(ReplayOrchestrationContext context, Task<object?>? run, Dictionary<int, HistoryEvent> pastActions)
    {
        if (context.NonDeterminism is null && run is not null && run.IsCompleted)
        {
            var missing = pastActions.Keys.Where(id => !context.ProducedTaskIds.Contains(id)).Order().ToList();
            if (missing.Count > 0 && run.IsCompletedSuccessfully)
            {
                return Failed(context.CustomStatusJson, TaskFailureDetails.FromException(new NonDeterministicOrchestrationException(
                    $"Non-deterministic orchestration '{context.Name}' (instance '{context.InstanceId}'): the history scheduled task(s) {string.Join(", ", missing)}, which the code no longer schedules.")));
            }
        }

        if (context.NonDeterminism is { } nd)
        {
            return Failed(context.CustomStatusJson, TaskFailureDetails.FromException(nd));
        }

        if (run is null || !run.IsCompleted)
        {
            return new EpisodeResult(context.NewActions, context.CustomStatusJson);
        }

        if (run.IsFaulted)
        {
            var error = run.Exception!.InnerExceptions.Count == 1 ? run.Exception.InnerException! : run.Exception;
            return Failed(context.CustomStatusJson, TaskFailureDetails.FromException(error));
        }

        if (run.IsCanceled)
        {
            return Failed(context.CustomStatusJson, new TaskFailureDetails(typeof(OperationCanceledException).FullName!, "The orchestrator code was canceled."));
        }

        return context.ContinueAsNewRequested
            ? new EpisodeResult([], context.CustomStatusJson) { Outcome = HistoryEventType.ContinuedAsNew, Data = context.ContinueAsNewInputJson }
            : new EpisodeResult([], context.CustomStatusJson) { Outcome = HistoryEventType.ExecutionCompleted, Data = WorkflowJson.Serialize(run.Result) };
    }

    private static EpisodeResult Failed(string? customStatus, TaskFailureDetails failure)
        => new([], customStatus) { Outcome = HistoryEventType.ExecutionFailed, Failure = failure };
}
