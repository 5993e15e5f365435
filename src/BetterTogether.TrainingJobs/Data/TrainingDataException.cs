namespace BetterTogether.TrainingJobs.Data;

/// <summary>Training data is malformed; the message names the file and line.</summary>
public sealed class TrainingDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrainingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a line of a file.</summary>
    /// <param name="source">The file or blob the data came from.</param>
    /// <param name="line">1-based line number, or 0 for the whole file.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TrainingDataException(string source, int line, string reason, Exception? innerException = null)
        : base(line > 0 ? $"Training data '{source}' line {line}: {reason}" : $"Training data '{source}': {reason}", innerException)
    {
        DataSource = source;
        Line = line;
    }

    /// <summary>The file or blob the data came from.</summary>
    public string? DataSource { get; }

    /// <summary>1-based line number of the fault (0 when it concerns the whole file).</summary>
    public int Line { get; }
}
