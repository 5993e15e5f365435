namespace BetterTogether.Workflow.Orchestration;

/// <summary>An orchestration instance's status (Durable's <c>OrchestrationRuntimeStatus</c>).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Started but not yet run.</summary>
    Pending,

    /// <summary>Running or waiting on activities, timers or events.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Stopped by a terminate request.</summary>
    Terminated,

    /// <summary>Paused by a suspend request; resumes on request.</summary>
    Suspended,
}
