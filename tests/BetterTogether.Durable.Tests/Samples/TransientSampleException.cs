namespace BetterTogether.Durable.Tests.Samples;

/// <summary>A failure worth retrying, defined in the application's own assembly.</summary>
public sealed class TransientSampleException : Exception
{
    public TransientSampleException()
    {
    }

    public TransientSampleException(string message)
        : base(message)
    {
    }

    public TransientSampleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
