namespace BetterTogether.Storage;

/// <summary>
/// The path rules every store enforces, so that a path valid in one store is valid in all:
/// relative, '/'-separated, at most <see cref="MaxLength"/> characters, no empty, '.' or '..' segments,
/// no segment ending in '.' (Azure and Windows drop trailing dots), no backslashes and no control characters.
/// </summary>
public static class ArtifactPath
{
    /// <summary>The longest path accepted (Azure's blob name limit).</summary>
    public const int MaxLength = 1024;

    /// <summary>Returns <paramref name="path"/> when it is a valid artifact path.</summary>
    /// <exception cref="InvalidArtifactPathException">The path breaks a rule; the message says which.</exception>
    public static string Validate(string path, string? paramName = "path")
    {
        if (path is null)
        {
            throw new InvalidArtifactPathException("(null)", "the path is null", paramName);
        }

        if (path.Length == 0)
        {
            throw new InvalidArtifactPathException(path, "the path is empty", paramName);
        }

        CheckCharacters(path, paramName);
        if (path.EndsWith('/'))
        {
            throw new InvalidArtifactPathException(path, "it ends with '/' (a path names an artifact, not a folder)", paramName);
        }

        CheckSegments(path, path, paramName);
        var last = 0;
        foreach (var range in path.AsSpan().Split('/'))
        {
            if (path.AsSpan(range).EndsWith('.'))
            {
                throw new InvalidArtifactPathException(path, $"segment {last} ends with '.' (blob storage and Windows drop trailing dots)", paramName);
            }

            last++;
        }

        return path;
    }

    /// <summary>
    /// Returns <paramref name="prefix"/> when it is a valid listing prefix: empty, or a valid path that may end
    /// with '/' and whose last segment may be partial.
    /// </summary>
    /// <exception cref="InvalidArtifactPathException">The prefix breaks a rule.</exception>
    public static string ValidatePrefix(string prefix, string? paramName = "prefix")
    {
        if (prefix is null)
        {
            throw new InvalidArtifactPathException("(null)", "the prefix is null (use \"\" to list everything)", paramName);
        }

        if (prefix.Length == 0)
        {
            return prefix;
        }

        CheckCharacters(prefix, paramName);
        var body = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        if (body.Length == 0)
        {
            throw new InvalidArtifactPathException(prefix, "a prefix cannot start with '/'", paramName);
        }

        // A partial last segment such as "runs/ab" is fine, but "runs/." or "runs/.." is not.
        CheckSegments(prefix, body, paramName);
        return prefix;
    }

    /// <summary>True when <paramref name="path"/> is a valid artifact path.</summary>
    public static bool IsValid(string? path)
    {
        if (path is null)
        {
            return false;
        }

        try
        {
            Validate(path);
            return true;
        }
        catch (InvalidArtifactPathException)
        {
            return false;
        }
    }

    /// <summary>Joins segments with '/' and validates the result.</summary>
    /// <exception cref="InvalidArtifactPathException">The joined path breaks a rule.</exception>
    public static string Combine(params ReadOnlySpan<string> segments) => Validate(string.Join('/', segments), nameof(segments));

    private static void CheckCharacters(string path, string? paramName)
    {
        if (path.Length > MaxLength)
        {
            throw new InvalidArtifactPathException(path, $"it has {path.Length} characters; at most {MaxLength} are allowed", paramName);
        }

        if (path[0] == '/')
        {
            throw new InvalidArtifactPathException(path, "it starts with '/' (paths are relative to the store)", paramName);
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\')
            {
                throw new InvalidArtifactPathException(path, $"it contains a backslash at index {i} (use '/')", paramName);
            }

            if (char.IsControl(c))
            {
                throw new InvalidArtifactPathException(path, $"it contains control character U+{(int)c:X4} at index {i}", paramName);
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(path[i - 1])))
            {
                throw new InvalidArtifactPathException(path, $"it contains an unpaired surrogate at index {i}", paramName);
            }
        }
    }

    private static void CheckSegments(string original, string body, string? paramName)
    {
        var index = 0;
        foreach (var range in body.AsSpan().Split('/'))
        {
            var segment = body.AsSpan(range);
            if (segment.IsEmpty)
            {
                throw new InvalidArtifactPathException(original, $"segment {index} is empty ('//')", paramName);
            }

            if (segment is "." or "..")
            {
                throw new InvalidArtifactPathException(original, $"segment {index} is '{segment}' (no relative segments)", paramName);
            }

            index++;
        }
    }
}
