namespace BetterTogether.Core.Signatures;

/// <summary>A signature string or type could not be turned into a <see cref="Signature"/>.</summary>
public sealed class SignatureParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SignatureParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SignatureParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SignatureParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a signature text.</summary>
    /// <param name="text">The text that failed to parse.</param>
    /// <param name="reason">What is wrong with it.</param>
    public SignatureParseException(string text, string reason)
        : base($"Invalid signature \"{text}\": {reason}")
    {
        Text = text;
    }

    /// <summary>The signature text that failed, when the failure came from a string.</summary>
    public string? Text { get; }
}
