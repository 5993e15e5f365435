using BetterTogether.Engine.Training;
using BetterTogether.Trainer.TorchSharp.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Training;

/// <summary>
/// Trains a LoRA adapter with LibTorch, step for step like the engine's <see cref="LoraTrainer"/>: the same data plan,
/// token-mean cross-entropy over <c>BatchSize × GradientAccumulationSteps</c> sequences per optimizer step (one
/// forward/backward per micro-batch of <c>BatchSize</c>), global-norm clipping, warm-up then constant or cosine
/// learning rate, AdamW, a skipped step on a non-finite gradient. Deterministic for a seed on one device, resumable
/// from checkpoints in the engine's format, cancellable between micro-batches.
/// </summary>
public sealed class TorchLoraTrainer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TorchLoraWeights _lora;
    private readonly MicroBatchPass _pass;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model; its adapter is trained in place.</param>
    /// <param name="options">Optimisation settings (the engine's; base-weight training is not offered here).</param>
    /// <param name="settings">Memory settings (default: no gradient checkpointing).</param>
    /// <param name="timeProvider">Clock for throughput figures (default: system).</param>
    /// <exception cref="ArgumentException">The model has no adapter, or the options ask for base-weight training.</exception>
    public TorchLoraTrainer(TorchLlama model, LoraTrainerOptions options, TorchLoraTrainerSettings? settings = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        settings ??= new TorchLoraTrainerSettings();
        settings.Validate();
        if (options.TrainBaseWeights)
        {
            throw new ArgumentException("The TorchSharp trainer trains LoRA adapters only (TrainBaseWeights is not supported).", nameof(options));
        }

        _lora = model.Lora ?? throw new ArgumentException("The model has no LoRA adapter to train.", nameof(model));
        Model = model;
        Options = options;
        Settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _pass = new MicroBatchPass(model, settings);
        Optimizer = new TorchAdamW(_lora.Parameters, options.Beta1, options.Beta2, options.Epsilon);
    }

    /// <summary>Raised after every optimizer step.</summary>
    public event EventHandler<TrainingProgress>? StepCompleted;

    /// <summary>Gets the model.</summary>
    public TorchLlama Model { get; }

    /// <summary>Gets the optimisation settings.</summary>
    public LoraTrainerOptions Options { get; }

    /// <summary>Gets the memory settings.</summary>
    public TorchLoraTrainerSettings Settings { get; }

    /// <summary>Gets the optimizer steps completed so far (restored by <see cref="LoadCheckpoint"/>).</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>Gets the steps whose gradient was not finite and so were not applied.</summary>
    public int SkippedSteps { get; private set; }

    internal TorchAdamW Optimizer { get; }

    /// <summary>Trains from <see cref="CompletedSteps"/> to the end of the schedule.</summary>
    /// <param name="data">The training sequences (the same list on resume).</param>
    /// <param name="cancellationToken">Stops between micro-batches; the last completed step stays intact.</param>
    /// <returns>Steps done and the loss of each.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TrainingResult Train(IReadOnlyList<TrainingSequence> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("No training sequences.", nameof(data));
        }

        var plan = new StepPlan(data, Options, Model.Config.MaxPositionEmbeddings);
        var schedule = new LearningRateSchedule(Options.LearningRate, (int)Math.Ceiling(Options.WarmupRatio * plan.TotalSteps), plan.TotalSteps, Options.CosineSchedule);
        var losses = new List<double>();
        while (CompletedSteps < plan.TotalSteps)
        {
            var step = CompletedSteps;
            var start = _time.GetTimestamp();
            var micro = plan.MicroBatches(step);
            var targets = micro.Sum(b => b.Sum(s => s.TargetCount));
            ZeroGradients();
            double lossSum = 0;
            var tokens = 0;
            for (var i = 0; i < micro.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lossSum += _pass.Run(micro[i], targets == 0 ? 0 : 1.0 / targets, DropoutSeed(step, i));
                tokens += micro[i].Sum(s => s.Tokens.Count);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var lr = schedule.At(step);
            var norm = ApplyStep(lr);
            CompletedSteps++;
            var loss = targets == 0 ? 0 : lossSum / targets;
            losses.Add(loss);
            var seconds = Math.Max(_time.GetElapsedTime(start).TotalSeconds, 1e-9);
            StepCompleted?.Invoke(this, new TrainingProgress(CompletedSteps, plan.TotalSteps, loss, tokens / seconds, lr, norm));
        }

        return new TrainingResult(CompletedSteps, losses);
    }

    /// <summary>Saves adapter, optimizer moments and step into <paramref name="folder"/> (the engine's checkpoint layout).</summary>
    /// <param name="folder">The checkpoint folder.</param>
    public void SaveCheckpoint(string folder) => TorchTrainingCheckpoint.Save(this, _lora, folder);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/>, so <see cref="Train"/> continues where it stopped.</summary>
    /// <param name="folder">The checkpoint folder.</param>
    public void LoadCheckpoint(string folder) => CompletedSteps = TorchTrainingCheckpoint.Load(this, _lora, folder);

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();

    private void ZeroGradients()
    {
        foreach (var p in _lora.Parameters)
        {
            p.grad = null;
        }
    }

    private double ApplyStep(double lr)
    {
        using var scope = torch.NewDisposeScope();
        var parameters = _lora.Parameters;

        // A step without targets has no backward pass; its gradient is zero, as in the engine.
        var gradients = parameters.Select(p => p.grad ?? torch.zeros_like(p)).ToArray();
        var norm = torch.stack(gradients.Select(g => g.to(ScalarType.Float64).square().sum()).ToArray()).sum().sqrt().item<double>();
        if (!double.IsFinite(norm))
        {
            // One overflowing batch must not poison the adapter: leave weights and moments as they are.
            SkippedSteps++;
            return norm;
        }

        var coef = Options.MaxGradNorm / (norm + 1e-6);
        if (Options.MaxGradNorm > 0 && coef < 1)
        {
            using var noGrad = torch.no_grad();
            foreach (var g in gradients)
            {
                g.mul_((float)coef);
            }
        }

        Optimizer.Update(parameters, gradients, lr, Options.WeightDecay);
        return norm;
    }

    /// <summary>Dropout masks depend on the seed, the step and the micro-batch only, so a resumed run draws the same ones.</summary>
    private ulong DropoutSeed(int step, int microBatch) =>
        unchecked((((ulong)(uint)Options.Seed * 1_000_003UL) + (ulong)step) * 1_000_033UL + ((ulong)microBatch * 4_099UL)) * 1_009UL;
}
