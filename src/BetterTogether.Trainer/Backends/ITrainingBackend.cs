using BetterTogether.Core.FineTuning;

namespace BetterTogether.Trainer.Backends;

/// <summary>
/// The seam between the trainer entrypoint and a training implementation: the CPU engine today, a CUDA
/// backend (e.g. TorchSharp) where one is available. Input is a local HF model folder and chat records;
/// output is a PEFT adapter folder.
/// </summary>
public interface ITrainingBackend
{
    /// <summary>The name a spec selects the backend by (<c>backend</c> field).</summary>
    string Name { get; }

    /// <summary>Trains a LoRA adapter and writes it in PEFT format to <see cref="TrainingBackendRequest.OutputFolder"/>.</summary>
    /// <param name="request">Model folder, data, settings and output folder.</param>
    /// <param name="progress">Receives a report after every optimizer step.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>What was done.</returns>
    Task<TrainingBackendResult> TrainAsync(TrainingBackendRequest request, IProgress<FineTuneProgress> progress, CancellationToken cancellationToken = default);
}
