using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Metrics;

namespace BetterTogether.Core.Optimizers;

/// <summary>Settings of <see cref="BootstrapFinetune"/>; defaults are DSPy's where DSPy has one.</summary>
public sealed record BootstrapFinetuneOptions
{
    /// <summary>Keeps only traces whose example scores non-zero; null keeps every run that parsed.</summary>
    public Metric? Metric { get; init; }

    /// <summary>One dataset per LM for all predictors (true), or one per predictor (false).</summary>
    public bool Multitask { get; init; } = true;

    /// <summary>Render records without the predictors' demos, and clear the demos of the fine-tuned program.</summary>
    public bool ExcludeDemos { get; init; }

    /// <summary>LoRA and optimizer settings sent with each job.</summary>
    public FineTuneHyperparameters Hyperparameters { get; init; } = new();

    /// <summary>
    /// Seeds the record shuffle (DSPy uses <c>random.Random(0)</c>) and the fine-tuning job. Inside BetterTogether the
    /// run's seed replaces it (<see cref="OptimizerInput.FineTuneSeed"/>, <see cref="BetterTogetherStepPolicy.FineTuneSeed"/>).
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Examples traced at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Errors tolerated while tracing; null means 10 × the number of examples, as DSPy.</summary>
    public int? MaxErrors { get; init; }

    /// <summary>Prefix of the deterministic adapter names and job ids.</summary>
    public string AdapterNamePrefix { get; init; } = "bt-ft";

    /// <summary>How often a running job is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Hyperparameters);
        Hyperparameters.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism);
        if (MaxErrors is { } maxErrors)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxErrors, nameof(MaxErrors));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(AdapterNamePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
    }
}
