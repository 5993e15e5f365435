namespace BetterTogether.Storage.FileSystem;

/// <summary>Names the file store reserves for itself next to the artifacts.</summary>
internal static class FileNames
{
    /// <summary>Suffix of a metadata sidecar: <c>{name}.bt-meta</c>.</summary>
    public const string SidecarSuffix = ".bt-meta";

    /// <summary>Suffix of an in-flight temp file: <c>.{name}.{guid}.bt-tmp</c>.</summary>
    public const string TempSuffix = ".bt-tmp";

    /// <summary>The first segment reserved for the store's own state (lock files).</summary>
    public const string StateFolder = ".bt";

    public static bool IsInternal(string fileName) =>
        fileName.EndsWith(SidecarSuffix, StringComparison.Ordinal) || fileName.EndsWith(TempSuffix, StringComparison.Ordinal);

    public static string SidecarOf(string fullPath) => fullPath + SidecarSuffix;

    public static string NewTemp(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        var name = Path.GetFileName(fullPath);

        // Keep the temp name short enough for NAME_MAX even when the artifact name is long.
        if (name.Length > 120)
        {
            name = name[..120];
        }

        return Path.Combine(directory, $".{name}.{Guid.NewGuid():N}{TempSuffix}");
    }
}
