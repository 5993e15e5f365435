namespace BetterTogether.Core.State;

/// <summary>Program state could not be read, or does not fit the program it is applied to.</summary>
public sealed class ProgramStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProgramStateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProgramStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProgramStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
