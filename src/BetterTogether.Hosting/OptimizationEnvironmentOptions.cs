using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Hosting;

/// <summary>What a run environment is made of: the artifact store, the LM, the fine-tuner, the tasks and the local folders.</summary>
public sealed record OptimizationEnvironmentOptions
{
    /// <summary>The artifact store (<see cref="ArtifactStores.Open"/>): a folder, <c>UseDevelopmentStorage=true</c>, a connection string or a blob URL.</summary>
    public string? Store { get; init; }

    /// <summary>The blob container of a blob store.</summary>
    public string StoreContainer { get; init; } = ArtifactStores.DefaultContainerName;

    /// <summary>The LM.</summary>
    public LmOptions? Lm { get; init; }

    /// <summary>The fine-tuner (default: in-process with a local model folder, else none).</summary>
    public FineTunerOptions FineTuner { get; init; } = new();

    /// <summary>
    /// Where the in-process fine-tuner trains adapters before they are stored (default: the store's <c>adapters/</c>
    /// folder for a folder store, else <c>.bt/adapters</c>; <see cref="LocalFolders"/>).
    /// </summary>
    public string? AdapterRoot { get; init; }

    /// <summary>Where adapters fetched from a remote store are cached for the in-process engine (default: <see cref="LocalFolders.AdapterCache"/> beside the store).</summary>
    public string? AdapterCache { get; init; }

    /// <summary>Resolves a run's task by name and seed (default: the built-in tasks).</summary>
    public Func<string, int, OptimizationTask> ResolveTask { get; init; } = TaskCatalog.Resolve;

    /// <summary>The activities' clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the options, store and LM included.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Store))
        {
            throw new ArgumentException("No artifact store configured.", nameof(Store));
        }

        if (Lm is null)
        {
            throw new ArgumentException("No LM configured: give a local model folder (in-process engine) or an OpenAI-compatible endpoint.", nameof(Lm));
        }

        Lm.Validate();
        ValidateParts();
    }

    /// <summary>Checks everything but the store and the LM (for environments over a store and an LM built elsewhere).</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    internal void ValidateParts()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(StoreContainer);
        ArgumentNullException.ThrowIfNull(FineTuner);
        ArgumentNullException.ThrowIfNull(ResolveTask);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        FineTuner.Validate();
    }
}
