using System.Text;
using System.Text.Json;
using BetterTogether.Core.FineTuning;

namespace BetterTogether.TrainingJobs.Data;

/// <summary>
/// Reads and writes chat fine-tuning data as JSONL in the OpenAI format, one
/// <c>{"messages":[{"role":…,"content":…},…]}</c> per line. Blank lines are skipped; every other line must be
/// a record with known roles, non-null content and at least one assistant message.
/// </summary>
public static class ChatJsonl
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant" };

    /// <summary>Serializes records as UTF-8 JSONL.</summary>
    /// <param name="records">The records.</param>
    /// <returns>The bytes, one record per line.</returns>
    public static byte[] Write(IEnumerable<ChatRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var buffer = new MemoryStream();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            JsonSerializer.Serialize(buffer, record);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>Reads JSONL records from a stream.</summary>
    /// <param name="stream">UTF-8 JSONL.</param>
    /// <param name="source">The file or blob name used in error messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="TrainingDataException">A line is not a valid chat record (the message names the line), or there is none.</exception>
    public static async Task<IReadOnlyList<ChatRecord>> ReadAsync(Stream stream, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var records = new List<ChatRecord>();
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException ex)
            {
                throw new TrainingDataException(source, lineNumber + 1, "is not valid UTF-8.", ex);
            }

            if (line is null)
            {
                break;
            }

            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                records.Add(ParseLine(line, source, lineNumber));
            }
        }

        return records.Count > 0 ? records : throw new TrainingDataException(source, 0, "holds no records.");
    }

    /// <summary>Parses and checks one JSONL line.</summary>
    /// <param name="line">The line.</param>
    /// <param name="source">The file name for errors.</param>
    /// <param name="lineNumber">The 1-based line number for errors.</param>
    /// <returns>The record.</returns>
    /// <exception cref="TrainingDataException">The line is not a valid chat record.</exception>
    public static ChatRecord ParseLine(string line, string source, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        ChatRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<ChatRecord>(line);
        }
        catch (JsonException ex)
        {
            throw new TrainingDataException(source, lineNumber, $"is not valid JSON ({ex.Message}).", ex);
        }

        if (record?.Messages is not { Count: > 0 } messages)
        {
            throw new TrainingDataException(source, lineNumber, "has no \"messages\" array.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message is null || message.Role is null || !Roles.Contains(message.Role))
            {
                throw new TrainingDataException(source, lineNumber, $"message {i} has role '{message?.Role}'; expected system, user or assistant.");
            }

            if (message.Content is null)
            {
                throw new TrainingDataException(source, lineNumber, $"message {i} has no content.");
            }
        }

        return messages.Any(m => m.Role == "assistant")
            ? record
            : throw new TrainingDataException(source, lineNumber, "has no assistant message to learn from.");
    }
}
