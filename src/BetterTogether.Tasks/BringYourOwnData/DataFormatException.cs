namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>
/// A data file could not be read: the message starts with <c>file:line:column:</c> so editors and
/// terminals can jump to the fault.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file (or bundled resource) that failed.</param>
    /// <param name="lineNumber">The 1-based line of the fault.</param>
    /// <param name="column">The 1-based column: a character position for syntax errors (bad quoting, bad JSON), a field number for structural errors (ragged row, empty value); 1 when a whole line or the header is at fault.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="columnName">The data column involved, if any.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public DataFormatException(string filePath, int lineNumber, int column, string detail, string? columnName = null, Exception? innerException = null)
        : base($"{filePath}:{lineNumber}:{column}: {detail}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Column = column;
        Detail = detail;
        ColumnName = columnName;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public DataFormatException()
        : this("<unknown>", 0, 0, "invalid data")
    {
    }

    /// <summary>Creates the exception with a bare message.</summary>
    /// <param name="message">What is wrong.</param>
    public DataFormatException(string message)
        : this("<unknown>", 0, 0, message)
    {
    }

    /// <summary>Creates the exception with a bare message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DataFormatException(string message, Exception innerException)
        : this("<unknown>", 0, 0, message, innerException: innerException)
    {
    }

    /// <summary>The file (or bundled resource) that failed.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the fault.</summary>
    public int LineNumber { get; }

    /// <summary>The 1-based column of the fault (CSV field number or character position).</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Detail { get; }

    /// <summary>The data column involved, if any.</summary>
    public string? ColumnName { get; }
}
