namespace BetterTogether.Engine.SafeTensors;

/// <summary>A safetensors file (or shard index) is truncated, malformed or inconsistent.</summary>
public sealed class SafeTensorsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SafeTensorsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SafeTensorsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SafeTensorsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming the file and the fault.</summary>
    /// <param name="filePath">The file that failed.</param>
    /// <param name="fault">What is wrong with it.</param>
    public SafeTensorsException(string filePath, string fault)
        : base($"{filePath}: {fault}")
    {
        FilePath = filePath;
    }

    /// <summary>The file that failed, when known.</summary>
    public string? FilePath { get; }
}
