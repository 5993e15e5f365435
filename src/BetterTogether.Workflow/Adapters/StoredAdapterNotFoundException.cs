namespace BetterTogether.Workflow.Adapters;

/// <summary>
/// An adapter a program names cannot be found: the artifact store has nothing at its path, or an old program state's
/// local folder does not exist on this machine. Not transient: retrying does not help.
/// </summary>
public sealed class StoredAdapterNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StoredAdapterNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which adapter, where it was looked for, and what to do.</param>
    public StoredAdapterNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">Which adapter, where it was looked for, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public StoredAdapterNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
