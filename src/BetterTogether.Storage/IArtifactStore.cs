namespace BetterTogether.Storage;

/// <summary>
/// The artifact store port: named blobs (run splits, traces, programs, adapters, reports, journals)
/// under '/'-separated relative paths such as <c>runs/{instanceId}/report.json</c>.
/// Implemented over the local file system (embedded default) and Azure Blob Storage.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically: readers see the old or the new content, never a part.</summary>
    /// <param name="path">Relative, '/'-separated path; no '..' segments.</param>
    /// <param name="content">The bytes to store, read to the end.</param>
    /// <param name="options">Write condition, metadata and content type.</param>
    /// <param name="cancellationToken">Cancels the write; nothing partial is left behind.</param>
    /// <returns>What was stored, with its new ETag.</returns>
    /// <exception cref="ArtifactConflictException">The write condition did not hold.</exception>
    Task<ArtifactInfo> PutAsync(string path, Stream content, ArtifactWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens an artifact for reading.</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing is stored at <paramref name="path"/>.</exception>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Reads an artifact's properties, or null when it does not exist.</summary>
    Task<ArtifactInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Lists artifacts whose path starts with <paramref name="prefix"/>, in ordinal path order, paging as needed.</summary>
    IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an artifact. Returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>A human-readable location for <paramref name="path"/> (a file path or a blob URL), for reports and logs.</summary>
    string DescribeLocation(string path);
}
