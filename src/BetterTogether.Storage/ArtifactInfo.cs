namespace BetterTogether.Storage;

/// <summary>Properties of a stored artifact.</summary>
/// <param name="Path">The artifact's relative path.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ETag">An opaque version tag, for <see cref="WriteCondition.IfMatch(string)"/>.</param>
/// <param name="LastModified">When it was last written.</param>
/// <param name="Metadata">User metadata (ASCII keys).</param>
public sealed record ArtifactInfo(
    string Path,
    long Length,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The MIME type given when it was written (<see cref="ArtifactWriteOptions.ContentType"/>), when known.</summary>
    public string? ContentType { get; init; }
}
