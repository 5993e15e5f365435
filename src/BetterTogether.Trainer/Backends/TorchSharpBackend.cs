using System.Globalization;
using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Peft;
using BetterTogether.Trainer.TorchSharp.Jobs;
using BetterTogether.Trainer.TorchSharp.Model;
using BetterTogether.Trainer.TorchSharp.Native;
using BetterTogether.Trainer.TorchSharp.Training;

namespace BetterTogether.Trainer.Backends;

/// <summary>
/// Trains with TorchSharp (LibTorch): bf16 base weights and fp32 LoRA parameters with gradient checkpointing on CUDA,
/// fp32 on the CPU, the same data plan, schedule and PEFT initialisation as <see cref="CpuEngineBackend"/>, and the
/// same PEFT adapter files and checkpoint layout.
/// </summary>
public sealed class TorchSharpBackend : ITrainingBackend
{
    /// <summary>The backend that trains on CUDA when LibTorch sees a GPU, else on the CPU.</summary>
    public const string BackendName = "torchsharp";

    /// <summary>The backend that trains on CUDA and fails without a GPU.</summary>
    public const string CudaBackendName = "torchsharp-cuda";

    /// <summary>The backend that trains on the CPU.</summary>
    public const string CpuBackendName = "torchsharp-cpu";

    private readonly TorchDevicePreference _device;
    private readonly string? _nativeFolder;
    private readonly TimeProvider _time;

    /// <summary>Creates the backend.</summary>
    /// <param name="name">The name specs select it by.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="nativeFolder">A folder of LibTorch natives to load first, or null for the app's own.</param>
    /// <param name="timeProvider">Clock for throughput figures.</param>
    public TorchSharpBackend(string name, TorchDevicePreference device, string? nativeFolder = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _device = device;
        _nativeFolder = nativeFolder;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The three TorchSharp backends (auto, CUDA, CPU).</summary>
    /// <param name="nativeFolder">A folder of LibTorch natives to load first, or null.</param>
    /// <param name="timeProvider">Clock for throughput figures.</param>
    /// <returns>The backends.</returns>
    public static IEnumerable<TorchSharpBackend> CreateAll(string? nativeFolder = null, TimeProvider? timeProvider = null) =>
    [
        new(BackendName, TorchDevicePreference.Auto, nativeFolder, timeProvider),
        new(CudaBackendName, TorchDevicePreference.Cuda, nativeFolder, timeProvider),
        new(CpuBackendName, TorchDevicePreference.Cpu, nativeFolder, timeProvider),
    ];

    /// <inheritdoc/>
    public Task<TrainingBackendResult> TrainAsync(TrainingBackendRequest request, IProgress<FineTuneProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);

        // Training is synchronous; run it off the caller's thread so status writes keep flowing.
        return Task.Run(() => Train(request, progress, cancellationToken), cancellationToken);
    }

    private TrainingBackendResult Train(TrainingBackendRequest request, IProgress<FineTuneProgress> progress, CancellationToken cancellationToken)
    {
        var target = LibTorchRuntime.Resolve(_device, _nativeFolder);
        using var weights = TorchLlamaWeights.Load(request.ModelFolder, target);
        var config = weights.Config;
        var sequences = TorchLoraJobSetup.ReadSequences(request.ModelFolder, config, request.Records);
        var hp = request.Hyperparameters;
        var initial = LoraAdapter.CreateInitialized(config, TorchLoraJobSetup.LoraConfigFor(hp, request.BaseModelName), request.Seed);
        using var lora = TorchLoraWeights.FromAdapter(initial, target.Device);
        using var model = new TorchLlama(weights, lora);
        var settings = new TorchLoraTrainerSettings { GradientCheckpointing = target.IsCuda };
        using var trainer = new TorchLoraTrainer(model, TorchLoraJobSetup.TrainerOptionsFor(hp, config, request.Seed), settings, _time);
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
                var folder = Path.Combine(checkpoints.SaveRoot, string.Create(CultureInfo.InvariantCulture, $"step-{p.Step}"));
                trainer.SaveCheckpoint(folder);
                checkpoints.Saved(folder, p.Step);
            }

            progress.Report(new FineTuneProgress(p.Step, p.TotalSteps, p.Loss, p.TokensPerSecond));
        };
        var result = trainer.Train(sequences, cancellationToken);
        PeftAdapter.Save(lora.ToAdapter(), request.OutputFolder);
        return new TrainingBackendResult(result.Steps, result.Losses.Count > 0 ? result.Losses[^1] : double.NaN);
    }
}
