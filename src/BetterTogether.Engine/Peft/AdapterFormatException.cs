namespace BetterTogether.Engine.Peft;

/// <summary>A PEFT adapter folder is malformed, unsupported, or does not fit the base model.</summary>
public sealed class AdapterFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdapterFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and where.</param>
    public AdapterFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed and where.</param>
    /// <param name="innerException">The cause.</param>
    public AdapterFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
