namespace BetterTogether.Workflow.Optimization;

/// <summary>An optimization run request is invalid; <see cref="ArgumentException.ParamName"/> names the field.</summary>
public sealed class OptimizationRequestException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public OptimizationRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OptimizationRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OptimizationRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for field <paramref name="field"/>.</summary>
    public OptimizationRequestException(string message, string field)
        : base(message, field)
    {
    }
}
