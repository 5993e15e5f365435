namespace BetterTogether.Core.Optimizers;

/// <summary>A BetterTogether strategy string is malformed or names an unknown optimizer.</summary>
public sealed class StrategyParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public StrategyParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StrategyParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StrategyParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
