namespace BetterTogether.TrainingJobs.Dispatch;

/// <summary>State of one execution of the trainer, as its dispatcher sees it.</summary>
public enum JobExecutionState
{
    /// <summary>The dispatcher does not know the execution (e.g. a local process from before a restart).</summary>
    Unknown,

    /// <summary>Accepted, not yet running (Container Apps: Processing).</summary>
    Pending,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Exited successfully.</summary>
    Succeeded,

    /// <summary>Exited with a failure (Container Apps: Failed or Degraded).</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Stopped,
}
