namespace BetterTogether.TrainingJobs.Specs;

/// <summary>Environment variable names shared by dispatchers and the trainer entrypoint.</summary>
public static class TrainingEnvironment
{
    /// <summary>The artifact store spec (<c>ArtifactStores.Open</c> syntax); may carry a secret, so it travels in the environment.</summary>
    public const string StoreVariable = "BT_ARTIFACTS";

    /// <summary>The blob container of that store.</summary>
    public const string ContainerVariable = "BT_ARTIFACTS_CONTAINER";

    /// <summary>The store path (or blob URL) of the job spec.</summary>
    public const string SpecVariable = "BT_TRAINING_SPEC";
}
