namespace BetterTogether.Workflow.Orchestration;

/// <summary>Thrown into orchestrator code when an activity failed (after all retries).</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for activity <paramref name="taskName"/>.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Activity '{taskName}' (task {taskId}) failed: {failureDetails?.ErrorType}: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>Creates the exception.</summary>
    public TaskFailedException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TaskFailedException(string message)
        : this(message, null!)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = string.Empty;
        FailureDetails = new TaskFailureDetails(nameof(TaskFailedException), message);
    }

    /// <summary>The failed activity's name.</summary>
    public string TaskName { get; }

    /// <summary>The failed attempt's task id in the history.</summary>
    public int TaskId { get; }

    /// <summary>The activity's failure.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
