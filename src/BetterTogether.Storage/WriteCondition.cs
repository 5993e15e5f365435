namespace BetterTogether.Storage;

/// <summary>A precondition on a write (HTTP <c>If-None-Match: *</c> / <c>If-Match</c> semantics).</summary>
public sealed record WriteCondition
{
    private WriteCondition(bool createOnly, string? ifMatchETag)
    {
        CreateOnly = createOnly;
        IfMatchETag = ifMatchETag;
    }

    /// <summary>No precondition.</summary>
    public static WriteCondition None { get; } = new(false, null);

    /// <summary>Create only: the write fails when the artifact exists.</summary>
    public static WriteCondition IfNotExists { get; } = new(true, null);

    /// <summary>True for a create-only write.</summary>
    public bool CreateOnly { get; }

    /// <summary>When set, overwrite only the version with this ETag.</summary>
    public string? IfMatchETag { get; }

    /// <summary>Overwrite only when the stored version has <paramref name="etag"/>.</summary>
    public static WriteCondition IfMatch(string etag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        return new(false, etag);
    }
}
