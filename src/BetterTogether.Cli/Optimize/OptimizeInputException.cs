namespace BetterTogether.Cli.Optimize;

/// <summary>The command line or a file it names is invalid (exit code 2); the message says which option or file and why.</summary>
public sealed class OptimizeInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OptimizeInputException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OptimizeInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OptimizeInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
