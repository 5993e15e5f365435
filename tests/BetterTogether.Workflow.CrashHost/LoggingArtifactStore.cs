using BetterTogether.Storage;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>
/// An <see cref="IArtifactStore"/> decorator that logs the path of every completed write and every existence check.
/// Every activity that produces an artifact first checks whether its output exists (to skip work a previous attempt
/// did), so the checks log when an activity ran and where; the writes log when it did its work.
/// </summary>
internal sealed class LoggingArtifactStore(IArtifactStore inner, AppendLog writes, AppendLog checks, FreezePlan freeze) : IArtifactStore
{
    public async Task<ArtifactInfo> PutAsync(string path, Stream content, ArtifactWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var info = await inner.PutAsync(path, content, options, cancellationToken);
        writes.Append(path);
        freeze.OnArtifactWritten(path);
        return info;
    }

    public Task<ArtifactInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        checks.Append(path);
        return inner.GetInfoAsync(path, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);

    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);

    public string DescribeLocation(string path) => inner.DescribeLocation(path);
}
