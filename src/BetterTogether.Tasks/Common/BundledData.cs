using System.IO.Compression;

namespace BetterTogether.Tasks.Common;

/// <summary>Opens the data files embedded in this assembly (see <c>Data/SOURCES.md</c>).</summary>
internal static class BundledData
{
    private const string Prefix = "BetterTogether.Tasks.Data/";

    /// <summary>Opens a bundled file by its path under <c>Data/</c>; <c>.gz</c> files are decompressed.</summary>
    /// <exception cref="FileNotFoundException">No such resource is embedded.</exception>
    public static Stream Open(string relativePath)
    {
        var name = Prefix + relativePath;
        var stream = typeof(BundledData).Assembly.GetManifestResourceStream(name)
            ?? throw new FileNotFoundException($"Bundled data file '{relativePath}' is not embedded in {typeof(BundledData).Assembly.GetName().Name}.", name);
        return relativePath.EndsWith(".gz", StringComparison.Ordinal)
            ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false)
            : stream;
    }

    /// <summary>Opens a bundled text file as UTF-8.</summary>
    public static StreamReader OpenText(string relativePath) => new(Open(relativePath), System.Text.Encoding.UTF8);

    /// <summary>The display name used in error messages for a bundled file.</summary>
    public static string DisplayName(string relativePath) => "bundled:" + relativePath;
}
