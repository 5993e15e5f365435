using System.Globalization;
using System.Text;
using System.Text.Json;
using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>
/// An instance's append-only history in the artifact store: one create-only JSONL record per batch,
/// at <c>{runs}/{instanceId}/history/{generation:D6}-{batch:D8}.jsonl</c>. Create-only writes make a
/// second writer of the same instance fail instead of forking the history.
/// </summary>
internal sealed class HistoryJournal(IArtifactStore store, string runsPrefix)
{
    private static readonly ArtifactWriteOptions CreateOnly = new() { Condition = WriteCondition.IfNotExists, ContentType = "application/x-ndjson" };

    public string HistoryFolder(string instanceId) => $"{runsPrefix}/{instanceId}/history/";

    /// <summary>Reads the newest generation's events in order, and the number of its batches.</summary>
    public async Task<(int Generation, int BatchCount, List<HistoryEvent> Events)> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var batches = new List<(int Generation, int Batch, string Path)>();
        await foreach (var info in store.ListAsync(HistoryFolder(instanceId), cancellationToken).ConfigureAwait(false))
        {
            if (TryParseName(info.Path, out var generation, out var batch))
            {
                batches.Add((generation, batch, info.Path));
            }
        }

        if (batches.Count == 0)
        {
            return (0, 0, []);
        }

        var newest = batches.Max(b => b.Generation);
        var current = batches.Where(b => b.Generation == newest).OrderBy(b => b.Batch).ToList();
        var events = new List<HistoryEvent>();
        for (var i = 0; i < current.Count; i++)
        {
            if (current[i].Batch != i)
            {
                throw new InvalidDataException($"History of instance '{instanceId}' has a gap: batch {i} of generation {newest} is missing ({store.DescribeLocation(current[i].Path)}).");
            }

            events.AddRange(await ReadBatchAsync(current[i].Path, cancellationToken).ConfigureAwait(false));
        }

        return (newest, current.Count, events);
    }

    /// <summary>Appends one batch; throws <see cref="ArtifactConflictException"/> when another writer appended it first.</summary>
    public async Task AppendAsync(string instanceId, int generation, int batch, IReadOnlyList<HistoryEvent> events, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(JsonSerializer.Serialize(e, WorkflowJson.Options)).Append('\n');
        }

        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        await store.PutAsync(BatchPath(instanceId, generation, batch), content, CreateOnly, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every batch of generations older than <paramref name="keepGeneration"/>, or all when null.</summary>
    public async Task<int> DeleteAsync(string instanceId, int? keepGeneration, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await foreach (var info in store.ListAsync(HistoryFolder(instanceId), cancellationToken).ConfigureAwait(false))
        {
            if (!TryParseName(info.Path, out var generation, out _) || keepGeneration is null || generation < keepGeneration)
            {
                paths.Add(info.Path);
            }
        }

        foreach (var path in paths)
        {
            await store.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
        }

        return paths.Count;
    }

    private string BatchPath(string instanceId, int generation, int batch)
        => string.Create(CultureInfo.InvariantCulture, $"{HistoryFolder(instanceId)}{generation:D6}-{batch:D8}.jsonl");

    private async Task<List<HistoryEvent>> ReadBatchAsync(string path, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var events = new List<HistoryEvent>();
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    events.Add(JsonSerializer.Deserialize<HistoryEvent>(line, WorkflowJson.Options)
                        ?? throw new InvalidDataException("null record"));
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"Corrupt history record at {store.DescribeLocation(path)} line {lineNumber}: {ex.Message}", ex);
                }
            }

            return events;
        }
    }

    private static bool TryParseName(string path, out int generation, out int batch)
    {
        generation = 0;
        batch = 0;
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length == 6 + 1 + 8 + 6 && name.EndsWith(".jsonl", StringComparison.Ordinal) && name[6] == '-'
            && int.TryParse(name.AsSpan(0, 6), NumberStyles.None, CultureInfo.InvariantCulture, out generation)
            && int.TryParse(name.AsSpan(7, 8), NumberStyles.None, CultureInfo.InvariantCulture, out batch);
    }
}
