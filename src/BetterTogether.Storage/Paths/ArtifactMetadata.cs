namespace BetterTogether.Storage;

/// <summary>
/// The metadata rules every store enforces (Azure's, so that metadata survives a move between stores):
/// keys are ASCII identifiers (letters, digits, '_', not starting with a digit), compared case-insensitively;
/// values are printable ASCII without leading or trailing spaces.
/// </summary>
public static class ArtifactMetadata
{
    /// <summary>An empty metadata set.</summary>
    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Validates <paramref name="metadata"/> and returns a case-insensitive copy.</summary>
    /// <exception cref="ArgumentException">A key or value breaks a rule; the message names it.</exception>
    public static IReadOnlyDictionary<string, string> Validate(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return Empty;
        }

        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata)
        {
            if (!IsValidKey(key))
            {
                throw new ArgumentException($"Invalid metadata key '{key}': use ASCII letters, digits and '_', not starting with a digit.", nameof(metadata));
            }

            ArgumentNullException.ThrowIfNull(value, $"metadata[{key}]");
            foreach (var c in value)
            {
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException($"Invalid metadata value for '{key}': only printable ASCII is allowed (found U+{(int)c:X4}).", nameof(metadata));
                }
            }

            if (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            {
                throw new ArgumentException($"Invalid metadata value for '{key}': leading or trailing spaces are not preserved by HTTP stores.", nameof(metadata));
            }

            if (!copy.TryAdd(key, value))
            {
                throw new ArgumentException($"Duplicate metadata key '{key}' (keys are case-insensitive).", nameof(metadata));
            }
        }

        return copy;
    }

    private static bool IsValidKey(string key)
    {
        if (string.IsNullOrEmpty(key) || char.IsAsciiDigit(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
