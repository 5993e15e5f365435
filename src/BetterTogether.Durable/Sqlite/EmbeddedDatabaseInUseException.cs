namespace BetterTogether.Durable.Sqlite;

/// <summary>Another process owns the embedded Durable database (it holds the exclusive lock on its lock file).</summary>
public sealed class EmbeddedDatabaseInUseException : IOException
{
    /// <summary>Creates the exception for a database and its lock file.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="lockFilePath">The lock file another process holds.</param>
    /// <param name="innerException">The operating system's refusal.</param>
    public EmbeddedDatabaseInUseException(string databasePath, string lockFilePath, Exception? innerException = null)
        : base(
            $"The embedded Durable database '{databasePath}' is in use by another process, which holds the lock file '{lockFilePath}' " +
            "(its first line names that process). Stop that process, use another database file, or open this one read-only to list instances.",
            innerException)
    {
        DatabasePath = databasePath;
        LockFilePath = lockFilePath;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public EmbeddedDatabaseInUseException()
        : this("The embedded Durable database is in use by another process.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public EmbeddedDatabaseInUseException(string message)
        : base(message)
    {
        DatabasePath = LockFilePath = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EmbeddedDatabaseInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
        DatabasePath = LockFilePath = string.Empty;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The lock file held by the owning process.</summary>
    public string LockFilePath { get; }
}
