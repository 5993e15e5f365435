using BetterTogether.Storage;

namespace BetterTogether.Api.Runs;

/// <summary>Which paths under a run's folder the API serves: valid artifact paths, no hidden or store-internal names.</summary>
public static class ArtifactPathRules
{
    /// <summary>Null when <paramref name="path"/> (relative to the run's folder) may be served, else why not.</summary>
    public static string? Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "The artifact path is empty; e.g. 'report.json'.";
        }

        try
        {
            ArtifactPath.Validate(path);
        }
        catch (InvalidArtifactPathException e)
        {
            return $"'{Printable(path)}' is not a valid artifact path: {e.Message}";
        }

        // The stores keep their own files beside the artifacts: hidden temp files and lock folders ('.'-names) and the
        // file store's metadata sidecars ('.bt-meta'). None of them is a run's artifact.
        foreach (var segment in path.Split('/'))
        {
            if (segment.StartsWith('.') || segment.EndsWith(".bt-meta", StringComparison.Ordinal) || segment.EndsWith(".bt-tmp", StringComparison.Ordinal))
            {
                return $"'{Printable(path)}' names a store-internal file, not a run artifact.";
            }
        }

        return null;
    }

    private static string Printable(string path) => new([.. path.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}
