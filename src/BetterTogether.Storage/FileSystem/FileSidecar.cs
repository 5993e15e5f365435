using System.Text.Json.Serialization;

namespace BetterTogether.Storage.FileSystem;

/// <summary>
/// What the file store keeps next to an artifact: its ETag, content type and metadata, and the length and
/// write time of the data file it describes (a mismatch means the data was replaced by someone else).
/// </summary>
internal sealed record FileSidecar(
    [property: JsonPropertyName("etag")] string ETag,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("writeTicks")] long WriteTicks,
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("metadata")] Dictionary<string, string> Metadata)
{
    public bool Describes(FileInfo data) => data.Length == Length && data.LastWriteTimeUtc.Ticks == WriteTicks;
}

/// <summary>Source-generated JSON for <see cref="FileSidecar"/>.</summary>
[JsonSerializable(typeof(FileSidecar))]
internal sealed partial class FileSidecarJsonContext : JsonSerializerContext;
