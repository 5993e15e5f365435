using System.Collections.Frozen;
using System.Globalization;

namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>Finds missing cells in loaded records and applies a <see cref="MissingValuePolicy"/>.</summary>
public static class MissingValues
{
    /// <summary>
    /// The markers read as missing (case-insensitive, after trimming), besides an empty cell and JSON <c>null</c>: the
    /// usual spreadsheet and pandas markers, and <c>?</c>, which UCI datasets use.
    /// </summary>
    public static IReadOnlySet<string> Markers { get; } =
        new[] { "NA", "N/A", "NaN", "null", "None", "#N/A", "<NA>", "?", "-NaN", "nil" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="value"/> is a missing cell.</summary>
    public static bool IsMissing(string? value) => string.IsNullOrWhiteSpace(value) || Markers.Contains(value.Trim());

    /// <summary>Counts the missing cells of the selected columns and applies the policy.</summary>
    /// <param name="records">The records as loaded (missing cells not yet handled).</param>
    /// <param name="source">The file, for messages.</param>
    /// <param name="columns">The selected columns.</param>
    /// <param name="policy">What to do.</param>
    /// <returns>The records to use and what happened.</returns>
    /// <exception cref="DataFormatException">Under <see cref="MissingValuePolicy.Fail"/>, at the first missing cell; the message names file, line and column.</exception>
    public static (IReadOnlyList<DataRecord> Records, MissingValueReport Report) Apply(IReadOnlyList<DataRecord> records, string source, ColumnSelection columns, MissingValuePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        var missing = columns.All.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        var kept = new List<DataRecord>(records.Count);
        var dropped = 0;
        foreach (var record in records)
        {
            var rowMissing = false;
            foreach (var (column, value) in record.Inputs.Append(KeyValuePair.Create(columns.Output, record.Output)))
            {
                if (!IsMissing(value))
                {
                    continue;
                }

                if (policy == MissingValuePolicy.Fail)
                {
                    throw new DataFormatException(source, record.LineNumber, 1, $"missing value in column '{column}' (--missing fail; use --missing keep or skip-row to go on)", column);
                }

                missing[column]++;
                rowMissing |= policy == MissingValuePolicy.SkipRow || column == columns.Output;
            }

            if (rowMissing)
            {
                dropped++;
            }
            else
            {
                kept.Add(record);
            }
        }

        return (kept, new MissingValueReport(policy, records.Count, dropped, missing, columns.Output));
    }
}

/// <summary>The missing cells of a data file and what the policy did with them.</summary>
/// <param name="Policy">The policy applied.</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="RowsDropped">Rows left out (a missing output; under <see cref="MissingValuePolicy.SkipRow"/>, any missing cell).</param>
/// <param name="MissingByColumn">Missing cells per selected column, the output column included.</param>
/// <param name="OutputColumn">The output column's name.</param>
public sealed record MissingValueReport(MissingValuePolicy Policy, int Rows, int RowsDropped, IReadOnlyDictionary<string, int> MissingByColumn, string OutputColumn)
{
    /// <summary>Missing cells in all.</summary>
    public int TotalMissing => MissingByColumn.Values.Sum();

    /// <summary>One line for the console and the report, e.g. <c>missing values: 12 cells (age 9, city 3); policy keep: …</c>; null when none.</summary>
    public string? Describe()
    {
        if (TotalMissing == 0)
        {
            return null;
        }

        var columns = string.Join(", ", MissingByColumn.Where(c => c.Value > 0).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));
        var effect = Policy switch
        {
            MissingValuePolicy.Keep when RowsDropped > 0 => string.Create(CultureInfo.InvariantCulture, $"inputs kept as written; {RowsDropped} of {Rows} rows dropped for a missing '{OutputColumn}' (nothing to score against)"),
            MissingValuePolicy.Keep => "inputs kept as written (the model sees the file's marker)",
            _ => string.Create(CultureInfo.InvariantCulture, $"{RowsDropped} of {Rows} rows dropped"),
        };
        var policy = Policy == MissingValuePolicy.SkipRow ? "skip-row" : Policy.ToString().ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"missing values: {TotalMissing} cells ({columns}); --missing {policy}: {effect}.");
    }
}
