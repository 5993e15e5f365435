namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>Reads a CSV file with a header row into <see cref="DataRecord"/>s.</summary>
internal static class CsvDataLoader
{
    public static List<DataRecord> Load(TextReader reader, string filePath, ColumnSelection columns, bool allowMissing = false)
    {
        using var rows = CsvParser.Read(reader, filePath).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new DataFormatException(filePath, 1, 1, "the file is empty (expected a header row)");
        }

        var header = rows.Current;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim();
            if (!index.TryAdd(name, i))
            {
                throw new DataFormatException(filePath, header.LineNumber, i + 1, $"duplicate column '{name}' in the header", name);
            }
        }

        foreach (var name in columns.All)
        {
            if (!index.ContainsKey(name))
            {
                throw new DataFormatException(filePath, header.LineNumber, 1, $"missing column '{name}'; the header has: {string.Join(", ", index.Keys)}", name);
            }
        }

        var records = new List<DataRecord>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.Fields.Count != header.Fields.Count)
            {
                throw new DataFormatException(filePath, row.LineNumber, Math.Min(row.Fields.Count, header.Fields.Count) + 1, $"row has {row.Fields.Count} fields but the header has {header.Fields.Count}");
            }

            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in columns.Inputs)
            {
                inputs[name] = row.Fields[index[name]];
            }

            var outputColumn = index[columns.Output];
            var output = row.Fields[outputColumn];
            if (!allowMissing && string.IsNullOrWhiteSpace(output))
            {
                throw new DataFormatException(filePath, row.LineNumber, outputColumn + 1, $"empty value in output column '{columns.Output}'", columns.Output);
            }

            records.Add(new DataRecord(inputs, output, row.LineNumber));
        }

        if (records.Count == 0)
        {
            throw new DataFormatException(filePath, header.LineNumber, 1, "the file has a header but no data rows");
        }

        return records;
    }
}
