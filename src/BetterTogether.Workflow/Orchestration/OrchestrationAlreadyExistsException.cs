namespace BetterTogether.Workflow.Orchestration;

/// <summary>An instance with the requested id already exists (and may not be replaced).</summary>
public sealed class OrchestrationAlreadyExistsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationAlreadyExistsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
