namespace BetterTogether.Functions;

/// <summary>
/// Every app setting this app reads, in one place: <c>local.settings.sample.json</c>, <c>host.json</c> and
/// <c>infra/main.bicep</c> name these keys, and a test fails when they disagree.
/// </summary>
public static class AppSettings
{
    /// <summary>The artifact store (<c>ArtifactStores.Open</c> syntax): a blob endpoint (managed identity), a connection string or <c>UseDevelopmentStorage=true</c>.</summary>
    public const string Artifacts = "BT_ARTIFACTS";

    /// <summary>The blob container of the artifacts (default <c>bettertogether</c>).</summary>
    public const string ArtifactsContainer = "BT_ARTIFACTS_CONTAINER";

    /// <summary>The OpenAI-compatible endpoint the activities call (<c>BT_LM_*</c>, see <c>OpenAIEndpointSettings.FromEnvironment</c>).</summary>
    public const string LmEndpoint = "BT_LM_ENDPOINT";

    /// <summary>The model id requests name and weight steps fine-tune.</summary>
    public const string LmModel = "BT_LM_MODEL";

    /// <summary>The endpoint's key; <c>entra</c> takes tokens from the app's managed identity.</summary>
    public const string LmApiKey = "BT_LM_API_KEY";

    /// <summary>The endpoint kind: <c>openai</c> (default), <c>vllm</c> (adapters loaded by name) or <c>azure</c>.</summary>
    public const string LmKind = "BT_LM_KIND";

    /// <summary>Where weight steps train: <c>containerapps</c> (the GPU job) or <c>process</c> (a local <c>bt-trainer</c>, for func start).</summary>
    public const string FineTuner = "BT_FINETUNER";

    /// <summary>The Container Apps job's ARM resource id (<c>containerapps</c>).</summary>
    public const string TrainerJobResourceId = "BT_TRAINER_JOB_RESOURCE_ID";

    /// <summary>The trainer image the job runs (<c>containerapps</c>).</summary>
    public const string TrainerImage = "BT_TRAINER_IMAGE";

    /// <summary>CPU cores of a training execution (<c>containerapps</c>; default 8).</summary>
    public const string TrainerCpu = "BT_TRAINER_CPU";

    /// <summary>Memory of a training execution, e.g. <c>56Gi</c> (<c>containerapps</c>).</summary>
    public const string TrainerMemory = "BT_TRAINER_MEMORY";

    /// <summary>Path of <c>bt-trainer.dll</c> (<c>process</c>).</summary>
    public const string TrainerPath = "BT_TRAINER_PATH";

    /// <summary>The trainer backend of training jobs: <c>cpu</c> (default), <c>torchsharp</c>, <c>torchsharp-cuda</c> (the GPU job), <c>torchsharp-cpu</c>.</summary>
    public const string TrainerBackend = "BT_TRAINER_BACKEND";

    /// <summary>Checkpoint every this many training steps (0: off).</summary>
    public const string TrainerCheckpointSteps = "BT_TRAINER_CHECKPOINT_STEPS";

    /// <summary>The NCRONTAB schedule of the schedule ticker's timer (6 fields; default every minute in the samples).</summary>
    public const string ScheduleTick = "BT_SCHEDULE_TICK";

    /// <summary>The Durable task hub (host.json's <c>hubName</c> is <c>%BT_TASK_HUB%</c>).</summary>
    public const string TaskHub = "BT_TASK_HUB";

    /// <summary>The managed identity's client id (Entra tokens for Blob, ARM and the LM).</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";

    /// <summary>The settings the app needs to start its functions.</summary>
    public static IReadOnlyList<string> Required { get; } = [Artifacts, LmEndpoint, LmModel, ScheduleTick, TaskHub];

    /// <summary>Every setting the app reads (beyond the Functions host's own, such as <c>AzureWebJobsStorage</c>).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Artifacts, ArtifactsContainer, LmEndpoint, LmModel, LmApiKey, LmKind, FineTuner, TrainerJobResourceId, TrainerImage,
        TrainerCpu, TrainerMemory, TrainerPath, TrainerCheckpointSteps, TrainerBackend, ScheduleTick, TaskHub, AzureClientId,
    ];
}
