namespace BetterTogether.Storage.FileSystem;

/// <summary>Options of <see cref="FileArtifactStore"/>.</summary>
public sealed class FileArtifactStoreOptions
{
    /// <summary>The folder that holds the artifacts; created when missing.</summary>
    public string RootPath { get; set; } = string.Empty;

    /// <summary>How long a write waits for another writer of the same path (in this or another process).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Flush written files to the disk before they become visible, so a power loss cannot expose an empty file.</summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootPath))
        {
            throw new ArgumentException($"{nameof(FileArtifactStoreOptions)}.{nameof(RootPath)} is required.", nameof(RootPath));
        }

        if (LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, $"{nameof(FileArtifactStoreOptions)}.{nameof(LockTimeout)} must be positive.");
        }
    }
}
