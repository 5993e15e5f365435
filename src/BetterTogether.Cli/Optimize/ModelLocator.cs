namespace BetterTogether.Cli.Optimize;

/// <summary>Finds a model folder: as given, then relative to the current directory and its parents (the repository root), then next to <c>bt</c>.</summary>
internal static class ModelLocator
{
    /// <summary>Resolves <paramref name="model"/> to a folder holding <c>config.json</c>.</summary>
    /// <exception cref="OptimizeInputException">No such model folder; the message lists where it looked.</exception>
    public static string Resolve(string model, string currentDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(currentDirectory);
        var tried = new List<string>();
        foreach (var root in Roots(currentDirectory))
        {
            var candidate = Path.GetFullPath(Path.Combine(root, model));
            if (tried.Contains(candidate, StringComparer.Ordinal))
            {
                continue;
            }

            tried.Add(candidate);
            if (File.Exists(Path.Combine(candidate, "config.json")))
            {
                return candidate;
            }

            if (Path.IsPathRooted(model))
            {
                break;
            }
        }

        throw new OptimizeInputException(
            $"Model folder '{model}' not found (no config.json in: {string.Join(", ", tried)}). " +
            "Pass --model FOLDER (an HF folder with config.json, model.safetensors, tokenizer.json), run `bt pretrain` to build the bundled model, or use --lm-endpoint URL --lm-model ID.");
    }

    private static IEnumerable<string> Roots(string currentDirectory)
    {
        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }
}
