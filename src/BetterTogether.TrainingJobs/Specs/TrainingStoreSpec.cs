using System.Text.Json.Serialization;

namespace BetterTogether.TrainingJobs.Specs;

/// <summary>
/// Which artifact store a job's paths resolve in. <see cref="Connection"/> is a non-secret store spec
/// (a folder, <c>UseDevelopmentStorage=true</c>, or a blob endpoint reached with managed identity) or null,
/// meaning "the store the trainer was told about in its environment" (<c>BT_ARTIFACTS</c>), which is where
/// secrets such as account keys belong.
/// </summary>
public sealed record TrainingStoreSpec
{
    /// <summary>A store spec as <c>ArtifactStores.Open</c> accepts it, or null for the trainer's environment store.</summary>
    [JsonPropertyName("connection")]
    public string? Connection { get; init; }

    /// <summary>The blob container (ignored by file stores).</summary>
    [JsonPropertyName("container")]
    public string Container { get; init; } = BetterTogether.Storage.ArtifactStores.DefaultContainerName;
}
