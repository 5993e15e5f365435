namespace BetterTogether.Engine.Tokenization;

/// <summary>A tokenizer file (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>) is malformed or uses a feature this engine does not support.</summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception for a fault in <paramref name="file"/>.</summary>
    /// <param name="file">The file (or source name) that holds the fault.</param>
    /// <param name="fault">What is wrong, naming the JSON field where possible.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TokenizerFormatException(string file, string fault, Exception? innerException)
        : base($"Tokenizer file '{file}': {fault}", innerException)
    {
        File = file;
        Fault = fault;
    }

    /// <summary>Creates the exception with no details.</summary>
    public TokenizerFormatException()
        : this("(unknown)", "invalid tokenizer", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TokenizerFormatException(string message)
        : this("(unknown)", message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TokenizerFormatException(string message, Exception innerException)
        : this("(unknown)", message, innerException)
    {
    }

    /// <summary>The file (or source name) that holds the fault.</summary>
    public string File { get; }

    /// <summary>What is wrong with the file.</summary>
    public string Fault { get; }
}
