using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using BetterTogether.Engine.Training;

namespace BetterTogether.Trainer.Backends;

/// <summary>
/// Trains with the in-process engine on the CPU (<see cref="LoraTrainer"/>, loss on assistant tokens via the
/// model's chat template) and saves a PEFT adapter.
/// </summary>
public sealed class CpuEngineBackend : ITrainingBackend
{
    /// <summary>The backend name.</summary>
    public const string BackendName = "cpu";

    private readonly TimeProvider _time;

    /// <summary>Creates the backend.</summary>
    /// <param name="timeProvider">Clock for throughput figures.</param>
    public CpuEngineBackend(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <inheritdoc/>
    public Task<TrainingBackendResult> TrainAsync(TrainingBackendRequest request, IProgress<FineTuneProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);

        // Training is CPU-bound and synchronous; run it off the caller's thread so status writes keep flowing.
        return Task.Run(() => Train(request, progress, cancellationToken), cancellationToken);
    }

    private TrainingBackendResult Train(TrainingBackendRequest request, IProgress<FineTuneProgress> progress, CancellationToken cancellationToken)
    {
        var model = LocalModel.Load(request.ModelFolder, request.BaseModelName);
        var sequences = InProcessFineTuner.ToSequences(model, request.Records);
        var trainer = LoraTrainerFactory.Create(model, request.Hyperparameters, request.BaseModelName, request.Seed, _time);
        var adapter = trainer.Adapter!;
        var checkpoints = request.Checkpointing;
        if (checkpoints?.ResumeFrom is { } resume)
        {
            trainer.LoadCheckpoint(resume);
        }

        trainer.StepCompleted += (_, p) =>
        {
            // The trainer's state is consistent between steps, so a checkpoint taken here resumes exactly.
            if (checkpoints is { EverySteps: > 0 } && p.Step % checkpoints.EverySteps == 0 && p.Step < p.TotalSteps)
            {
                var folder = Path.Combine(checkpoints.SaveRoot, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"step-{p.Step}"));
                trainer.SaveCheckpoint(folder);
                checkpoints.Saved(folder, p.Step);
            }

            progress.Report(new FineTuneProgress(p.Step, p.TotalSteps, p.Loss, p.TokensPerSecond));
        };
        var result = trainer.Train(sequences, cancellationToken);
        PeftAdapter.Save(adapter, request.OutputFolder);
        return new TrainingBackendResult(result.Steps, result.Losses.Count > 0 ? result.Losses[^1] : double.NaN);
    }
}
