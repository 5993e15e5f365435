using System.Text.Json;
using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>Reads and writes instance status documents.</summary>
internal sealed class InstanceRecordStore(IArtifactStore store, string instancesPrefix)
{
    private const string Suffix = ".json";

    public string PathOf(string instanceId) => $"{instancesPrefix}/{instanceId}{Suffix}";

    public async Task<(InstanceRecord Record, string ETag)?> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await store.OpenReadAsync(PathOf(instanceId), cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var info = await store.GetInfoAsync(PathOf(instanceId), cancellationToken).ConfigureAwait(false);
                var record = await JsonSerializer.DeserializeAsync<InstanceRecord>(stream, WorkflowJson.Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"Empty instance document at {store.DescribeLocation(PathOf(instanceId))}.");
                return (record, info?.ETag ?? string.Empty);
            }
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteAsync(InstanceRecord record, WriteCondition condition, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, WorkflowJson.Options));
        await store.PutAsync(PathOf(record.InstanceId), content, new ArtifactWriteOptions { Condition = condition, ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(string instanceId, CancellationToken cancellationToken) => store.DeleteAsync(PathOf(instanceId), cancellationToken);

    public async IAsyncEnumerable<string> ListIdsAsync(string? idPrefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = instancesPrefix + "/";
        await foreach (var info in store.ListAsync(folder + (idPrefix ?? string.Empty), cancellationToken).ConfigureAwait(false))
        {
            var name = info.Path[folder.Length..];
            if (name.EndsWith(Suffix, StringComparison.Ordinal) && !name.Contains('/', StringComparison.Ordinal))
            {
                yield return name[..^Suffix.Length];
            }
        }
    }
}
