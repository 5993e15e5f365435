namespace BetterTogether.TrainingJobs.Local;

/// <summary>Settings of <see cref="LocalProcessDispatcher"/>.</summary>
public sealed record LocalProcessDispatcherOptions
{
    /// <summary>The trainer entrypoint: <c>bt-trainer.dll</c> (run with <see cref="DotnetPath"/>) or a native executable.</summary>
    public required string TrainerPath { get; init; }

    /// <summary>The <c>dotnet</c> host used for a <c>.dll</c> trainer (default: <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on PATH).</summary>
    public string? DotnetPath { get; init; }

    /// <summary>Working directory of the child process (default: the trainer's folder).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra arguments appended after <c>--spec</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Lines of combined output kept per execution for error reports.</summary>
    public int OutputTailLines { get; init; } = 40;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">The trainer path is empty or does not exist.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(TrainerPath);
        if (!File.Exists(TrainerPath))
        {
            throw new ArgumentException($"Trainer entrypoint '{TrainerPath}' does not exist.", nameof(TrainerPath));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(OutputTailLines);
    }
}
