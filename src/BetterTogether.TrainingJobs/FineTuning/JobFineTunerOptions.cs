using BetterTogether.Storage;
using BetterTogether.TrainingJobs.Specs;

namespace BetterTogether.TrainingJobs.FineTuning;

/// <summary>Settings of <see cref="JobFineTuner"/>.</summary>
public sealed record JobFineTunerOptions
{
    /// <summary>Store folder under which each job gets <c>{jobId}/</c> (see <see cref="TrainingJobLayout"/>).</summary>
    public string Root { get; init; } = TrainingJobLayout.DefaultRoot;

    /// <summary>
    /// The store spec the trainer opens (<c>BT_ARTIFACTS</c>): the same store this fine-tuner writes to, as the
    /// trainer reaches it. It travels in the execution's environment, never in the spec blob.
    /// </summary>
    public required string TrainerStoreConnection { get; init; }

    /// <summary>The blob container of that store (<c>BT_ARTIFACTS_CONTAINER</c>).</summary>
    public string Container { get; init; } = ArtifactStores.DefaultContainerName;

    /// <summary>Maps a request's base model id to the store folder of its HF files (default: a path as is, else <c>models/{id}</c>).</summary>
    public Func<string, string> ResolveBaseModelPath { get; init; } = DefaultBaseModelPath;

    /// <summary>Extra environment variables for every execution.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The training backend named in specs.</summary>
    public string Backend { get; init; } = "cpu";

    /// <summary>Checkpoint every this many optimizer steps so a restarted execution resumes (0: never).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>Clock for status timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Root);
        ArgumentException.ThrowIfNullOrWhiteSpace(TrainerStoreConnection);
        ArgumentException.ThrowIfNullOrWhiteSpace(Container);
        ArgumentException.ThrowIfNullOrWhiteSpace(Backend);
        ArgumentNullException.ThrowIfNull(ResolveBaseModelPath);
        ArgumentNullException.ThrowIfNull(Environment);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointEverySteps);
    }

    private static string DefaultBaseModelPath(string id) => id.Contains('/', StringComparison.Ordinal) ? id.Trim('/') : "models/" + id;
}
