using Azure.Core;
using BetterTogether.TrainingJobs.ContainerApps;

namespace BetterTogether.Hosting;

/// <summary>The fine-tuner of a run environment (<see cref="FineTunerKind"/>) and the settings its kind needs.</summary>
public sealed record FineTunerOptions
{
    /// <summary>Which fine-tuner.</summary>
    public FineTunerKind Kind { get; init; } = FineTunerKind.Auto;

    /// <summary>Path of <c>bt-trainer.dll</c> (<see cref="FineTunerKind.LocalProcess"/>).</summary>
    public string? TrainerPath { get; init; }

    /// <summary>The Container Apps job to start executions of (<see cref="FineTunerKind.ContainerApps"/>).</summary>
    public ContainerAppsJobOptions? ContainerApps { get; init; }

    /// <summary>The ARM credential of <see cref="FineTunerKind.ContainerApps"/> (e.g. the app's managed identity).</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>The store spec the trainer opens (job kinds; default: the environment's store spec).</summary>
    public string? TrainerStoreConnection { get; init; }

    /// <summary>Job kinds: checkpoint every this many training steps so a restarted execution resumes (0: off).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>The trainer backend a training job asks for (the job spec's <c>backend</c>): <c>cpu</c> (our engine, the default), <c>torchsharp</c>, <c>torchsharp-cuda</c> or <c>torchsharp-cpu</c>.</summary>
    public string TrainerBackend { get; init; } = "cpu";

    /// <summary>Checks the settings the kind needs.</summary>
    /// <exception cref="ArgumentException">A setting the kind needs is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointEverySteps);
        switch (Kind)
        {
            case FineTunerKind.LocalProcess when string.IsNullOrWhiteSpace(TrainerPath):
                throw new ArgumentException("The local process fine-tuner needs the trainer's path (bt-trainer.dll).", nameof(TrainerPath));
            case FineTunerKind.ContainerApps when ContainerApps is null || Credential is null:
                throw new ArgumentException("The Container Apps fine-tuner needs the job's options and an ARM credential.", nameof(ContainerApps));
            case FineTunerKind.ContainerApps:
                ContainerApps.Validate();
                break;
        }
    }
}
