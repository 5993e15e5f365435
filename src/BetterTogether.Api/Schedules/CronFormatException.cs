namespace BetterTogether.Api.Schedules;

/// <summary>An NCRONTAB expression is malformed; the message names the field and the fault.</summary>
public sealed class CronFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CronFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CronFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CronFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
