namespace BetterTogether.Hosting;

/// <summary>Where weight steps train their LoRA adapters.</summary>
public enum FineTunerKind
{
    /// <summary>In-process with a local model folder, else none.</summary>
    Auto,

    /// <summary>No fine-tuner: weight steps fail with a message saying what to configure.</summary>
    None,

    /// <summary>The in-process engine, on the LM's local model folder.</summary>
    InProcess,

    /// <summary>A <c>bt-trainer</c> process on this machine per job (TrainingJobs' local process dispatcher).</summary>
    LocalProcess,

    /// <summary>An Azure Container Apps job execution per job (the GPU trainer image).</summary>
    ContainerApps,
}
