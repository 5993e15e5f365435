namespace BetterTogether.Storage;

/// <summary>Options of <see cref="IArtifactStore.PutAsync"/>.</summary>
public sealed record ArtifactWriteOptions
{
    /// <summary>When the write may happen; unconditional by default.</summary>
    public WriteCondition Condition { get; init; } = WriteCondition.None;

    /// <summary>User metadata stored with the artifact.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>MIME type, e.g. <c>application/json</c>.</summary>
    public string? ContentType { get; init; }
}
