namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>
/// Loads a user's own examples from a <c>.csv</c> (RFC 4180, header row) or <c>.jsonl</c> file, keeping the
/// selected input columns and the output column.
/// </summary>
public static class DataFileLoader
{
    /// <summary>Loads a file; the format follows the extension (<c>.csv</c>, <c>.jsonl</c> or <c>.ndjson</c>).</summary>
    /// <param name="path">The data file.</param>
    /// <param name="columns">The input and output columns to keep.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="DataFormatException">The file is empty, lacks a selected column, has a ragged row, a malformed JSON line or an empty output value; the message names file, line and column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotSupportedException">The extension is neither CSV nor JSONL.</exception>
    public static IReadOnlyList<DataRecord> Load(string path, ColumnSelection columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader, path, FormatOf(path), columns);
    }

    /// <summary>Loads a user's file: missing cells (<see cref="MissingValues.IsMissing"/>) are counted and handled by <paramref name="policy"/>.</summary>
    /// <param name="path">The data file.</param>
    /// <param name="columns">The input and output columns to keep.</param>
    /// <param name="policy">What to do with missing cells.</param>
    /// <returns>The records to use, in file order, and the missing-value counts.</returns>
    /// <exception cref="DataFormatException">The file is invalid, or (<see cref="MissingValuePolicy.Fail"/>) a selected cell is missing; the message names file, line and column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotSupportedException">The extension is neither CSV nor JSONL.</exception>
    public static (IReadOnlyList<DataRecord> Records, MissingValueReport Missing) Load(string path, ColumnSelection columns, MissingValuePolicy policy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var raw = FormatOf(path) switch
        {
            DataFileFormat.Csv => CsvDataLoader.Load(reader, path, columns, allowMissing: true),
            _ => JsonlDataLoader.Load(reader, path, columns, allowMissing: true),
        };
        return MissingValues.Apply(raw, path, columns, policy);
    }

    /// <summary>Loads records from a reader in the given format.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="fileName">The name error messages use.</param>
    /// <param name="format">The format of the text.</param>
    /// <param name="columns">The input and output columns to keep.</param>
    /// <exception cref="DataFormatException">The data is invalid; the message names file, line and column.</exception>
    public static IReadOnlyList<DataRecord> Load(TextReader reader, string fileName, DataFileFormat format, ColumnSelection columns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(columns);
        return format switch
        {
            DataFileFormat.Csv => CsvDataLoader.Load(reader, fileName, columns),
            DataFileFormat.JsonLines => JsonlDataLoader.Load(reader, fileName, columns),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown data file format."),
        };
    }

    /// <summary>The format a file name's extension implies.</summary>
    /// <exception cref="NotSupportedException">The extension is neither <c>.csv</c> nor <c>.jsonl</c>/<c>.ndjson</c>.</exception>
    public static DataFileFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToUpperInvariant();
        return extension switch
        {
            ".CSV" => DataFileFormat.Csv,
            ".JSONL" or ".NDJSON" => DataFileFormat.JsonLines,
            _ => throw new NotSupportedException($"Data file '{path}' has extension '{extension}'; expected .csv or .jsonl."),
        };
    }
}
