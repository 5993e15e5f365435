using System.Text.Json;

namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>Reads a JSON Lines file (one object per line; blank lines skipped) into <see cref="DataRecord"/>s.</summary>
internal static class JsonlDataLoader
{
    public static List<DataRecord> Load(TextReader reader, string filePath, ColumnSelection columns, bool allowMissing = false)
    {
        var records = new List<DataRecord>();
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = Parse(line, filePath, lineNumber);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DataFormatException(filePath, lineNumber, FirstNonSpace(line), $"expected a JSON object, found {root.ValueKind}");
            }

            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in columns.Inputs)
            {
                inputs[name] = ReadField(root, name, line, filePath, lineNumber, allowMissing);
            }

            var output = ReadField(root, columns.Output, line, filePath, lineNumber, allowMissing);
            if (!allowMissing && string.IsNullOrWhiteSpace(output))
            {
                throw new DataFormatException(filePath, lineNumber, FirstNonSpace(line), $"empty value in output column '{columns.Output}'", columns.Output);
            }

            records.Add(new DataRecord(inputs, output, lineNumber));
        }

        if (lineNumber == 0 || records.Count == 0)
        {
            throw new DataFormatException(filePath, Math.Max(lineNumber, 1), 1, "the file is empty (expected one JSON object per line)");
        }

        return records;
    }

    private static JsonDocument Parse(string line, string filePath, int lineNumber)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new DataFormatException(filePath, lineNumber, column, $"malformed JSON: {ex.Message}", innerException: ex);
        }
    }

    private static string ReadField(JsonElement root, string name, string line, string filePath, int lineNumber, bool allowMissing)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            throw new DataFormatException(filePath, lineNumber, FirstNonSpace(line), $"missing column '{name}'", name);
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null when allowMissing => string.Empty,
            JsonValueKind.Null => throw new DataFormatException(filePath, lineNumber, FirstNonSpace(line), $"column '{name}' is null", name),
            _ => value.GetRawText(),
        };
    }

    private static int FirstNonSpace(string line)
    {
        var i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        return i + 1;
    }
}
