namespace BetterTogether.Workflow.Orchestration;

/// <summary>No instance has the requested id.</summary>
public sealed class OrchestrationNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OrchestrationNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OrchestrationNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
