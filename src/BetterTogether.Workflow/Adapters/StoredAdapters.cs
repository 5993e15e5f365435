using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Adapters;

/// <summary>
/// Adapters as artifacts of the run's store: a trained adapter is named by its store path
/// (<see cref="RunArtifacts.Adapter"/>), so a program reloads anywhere the store is reachable. A fine-tuner that trains
/// into a local folder (the in-process one) has its adapter uploaded here; one that writes to the store (the job
/// fine-tuner) is named where it wrote.
/// </summary>
public static class StoredAdapters
{
    /// <summary>PEFT's config file; written last, so its presence marks a complete adapter.</summary>
    public const string ConfigFileName = "adapter_config.json";

    /// <summary>The adapter a job stored at <see cref="RunArtifacts.Adapter"/>, or null when there is none (yet).</summary>
    /// <param name="store">The run's store.</param>
    /// <param name="jobId">The fine-tuning job id.</param>
    /// <param name="adapterName">The adapter's serving name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public static async Task<AdapterReference?> FindAsync(IArtifactStore store, string jobId, string adapterName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var folder = RunArtifacts.Adapter(jobId);
        return await store.ExistsAsync($"{folder}/{ConfigFileName}", cancellationToken).ConfigureAwait(false)
            ? new AdapterReference(adapterName, folder)
            : null;
    }

    /// <summary>A job's status with its adapter named by store path (<see cref="StoreAsync(IArtifactStore, string, AdapterReference, CancellationToken)"/>); other statuses unchanged.</summary>
    /// <param name="store">The run's store.</param>
    /// <param name="status">What the fine-tuner reported.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="InvalidDataException">The adapter's local folder is missing or holds no PEFT config.</exception>
    public static async Task<FineTuneJobStatus> StoreAsync(IArtifactStore store, FineTuneJobStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status is { State: FineTuneJobState.Succeeded, Adapter: { } adapter }
            ? status with { Adapter = await StoreAsync(store, status.JobId, adapter, cancellationToken).ConfigureAwait(false) }
            : status;
    }

    /// <summary>
    /// Names <paramref name="adapter"/> by store path: a store path stays; a location the store itself describes (a
    /// folder inside a folder store, a blob URL of the store) becomes that path; a local folder is uploaded to
    /// <see cref="RunArtifacts.Adapter"/> (config last). Any other location (a custom scheme) is returned unchanged.
    /// </summary>
    /// <param name="store">The run's store.</param>
    /// <param name="jobId">The job that trained the adapter (names its store folder).</param>
    /// <param name="adapter">The adapter as the fine-tuner reported it.</param>
    /// <param name="cancellationToken">Cancels the upload; a partial upload has no config, so it never looks complete.</param>
    /// <returns>The adapter named by store path.</returns>
    /// <exception cref="InvalidDataException">The local folder is missing or holds no PEFT config.</exception>
    public static async Task<AdapterReference> StoreAsync(IArtifactStore store, string jobId, AdapterReference adapter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(adapter);
        if (ToStorePath(store, adapter.Location) is { } path)
        {
            return adapter with { Location = path };
        }

        if (LocalFolder(adapter.Location) is not { } folder)
        {
            return adapter;
        }

        if (await FindAsync(store, jobId, adapter.Name, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        var config = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(config))
        {
            throw new InvalidDataException($"Fine-tuning job '{jobId}' reported adapter '{adapter.Name}' at '{folder}', which holds no {ConfigFileName}.");
        }

        var target = RunArtifacts.Adapter(jobId);

        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f != config).Order(StringComparer.Ordinal).Append(config))
        {
            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                var name = Path.GetFileName(file);
                var type = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
                await store.PutAsync($"{target}/{name}", stream, new ArtifactWriteOptions { ContentType = type }, cancellationToken).ConfigureAwait(false);
            }
        }

        return adapter with { Location = target };
    }

    /// <summary>
    /// The store path <paramref name="location"/> names, or null when it names none: a store path as is, or a
    /// location the store describes (<see cref="IArtifactStore.DescribeLocation"/>: a folder inside a folder store,
    /// a blob URL), as program states written before adapters were named by store path hold.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="location">An adapter location.</param>
    public static string? ToStorePath(IArtifactStore store, string location)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (AdapterReference.IsStorePath(location))
        {
            return location.TrimEnd('/');
        }

        // DescribeLocation maps a path to a file path or a URL by prefixing the store's root: strip it back off.
        const string Probe = "probe";
        var root = store.DescribeLocation(Probe)[..^Probe.Length];
        var described = LocalFolder(location) is { } folder && Path.IsPathRooted(root) ? folder + Path.DirectorySeparatorChar : location.TrimEnd('/') + "/";
        if (!described.StartsWith(root, StringComparison.Ordinal) || described.Length == root.Length)
        {
            return null;
        }

        var path = string.Join('/', described[root.Length..].TrimEnd('/', Path.DirectorySeparatorChar).Split('/', Path.DirectorySeparatorChar).Select(Uri.UnescapeDataString));
        return ArtifactPath.IsValid(path) ? path : null;
    }

    /// <summary>The local folder a location names (an absolute path or a <c>file:</c> URI), or null.</summary>
    internal static string? LocalFolder(string location)
    {
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.IsFile)
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(uri.LocalPath));
        }

        return Path.IsPathRooted(location) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(location)) : null;
    }
}
