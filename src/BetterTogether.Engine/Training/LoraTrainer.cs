using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Training;

/// <summary>
/// Trains a LoRA adapter (and, with <see cref="LoraTrainerOptions.TrainBaseWeights"/>, the base weights) on
/// masked sequences: seeded data order, token-mean cross-entropy per optimizer step over
/// <c>BatchSize × GradientAccumulationSteps</c> sequences, global norm clipping, warm-up then constant or
/// cosine learning rate, AdamW. Deterministic for a seed, resumable from checkpoints, cancellable between sequences.
/// </summary>
public sealed class LoraTrainer
{
    private readonly TimeProvider _time;
    private readonly Backpropagation _pass;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The base model (updated in place only when training base weights).</param>
    /// <param name="adapter">The adapter to train (updated in place), or null for full-parameter training only.</param>
    /// <param name="options">Optimisation settings.</param>
    /// <param name="timeProvider">Clock for throughput figures (default: system).</param>
    public LoraTrainer(LlamaModel model, LoraAdapter? adapter, LoraTrainerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Model = model;
        Adapter = adapter;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _pass = new Backpropagation(model, adapter, options.TrainBaseWeights);
        LoraOptimizer = adapter is null ? null : new AdamW(adapter.Parameters.Length, options.Beta1, options.Beta2, options.Epsilon);
        BaseOptimizer = options.TrainBaseWeights ? new AdamW(model.Weights.Length, options.Beta1, options.Beta2, options.Epsilon) : null;
    }

    /// <summary>Raised after every optimizer step.</summary>
    public event EventHandler<TrainingProgress>? StepCompleted;

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The adapter being trained, if any.</summary>
    public LoraAdapter? Adapter { get; }

    /// <summary>The settings.</summary>
    public LoraTrainerOptions Options { get; }

    /// <summary>Optimizer steps completed so far (restored by <see cref="LoadCheckpoint"/>).</summary>
    public int CompletedSteps { get; private set; }

    internal AdamW? LoraOptimizer { get; }

    internal AdamW? BaseOptimizer { get; }

    /// <summary>Optimizer steps needed for <paramref name="sequenceCount"/> sequences under <paramref name="options"/>.</summary>
    /// <param name="sequenceCount">Training sequences.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The step count.</returns>
    public static int CountSteps(int sequenceCount, LoraTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = (long)sequenceCount * options.Epochs;
        return (int)((total + options.SequencesPerStep - 1) / options.SequencesPerStep);
    }

    /// <summary>Trains from <see cref="CompletedSteps"/> to the end of the schedule.</summary>
    /// <param name="data">The training sequences (the same list on resume).</param>
    /// <param name="cancellationToken">Stops between sequences; the last completed step stays intact.</param>
    /// <returns>Steps done and the loss of each.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TrainingResult Train(IReadOnlyList<TrainingSequence> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("No training sequences.", nameof(data));
        }

        var sequences = data.Select(Truncate).ToArray();
        var order = DataOrder(sequences.Length);
        var totalSteps = CountSteps(sequences.Length, Options);
        var schedule = new LearningRateSchedule(Options.LearningRate, (int)Math.Ceiling(Options.WarmupRatio * totalSteps), totalSteps, Options.CosineSchedule);
        var losses = new List<double>();
        var perStep = Options.SequencesPerStep;
        while (CompletedSteps < totalSteps)
        {
            var step = CompletedSteps;
            var start = _time.GetTimestamp();
            var batch = order.Skip(step * perStep).Take(perStep).Select(i => sequences[i]).ToList();
            var targets = batch.Sum(s => s.TargetCount);
            _pass.ZeroGradients();
            var dropout = new Random(unchecked((Options.Seed * 1_000_003) + step));
            double lossSum = 0;
            var tokens = 0;
            foreach (var seq in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lossSum += _pass.Accumulate(seq, targets == 0 ? 0f : 1f / targets, dropout).LossSum;
                tokens += seq.Tokens.Count;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var lr = schedule.At(step);
            var norm = ApplyStep(lr);
            CompletedSteps++;
            var loss = targets == 0 ? 0 : lossSum / targets;
            losses.Add(loss);
            var seconds = Math.Max(_time.GetElapsedTime(start).TotalSeconds, 1e-9);
            StepCompleted?.Invoke(this, new TrainingProgress(CompletedSteps, totalSteps, loss, tokens / seconds, lr, norm));
        }

        return new TrainingResult(CompletedSteps, losses);
    }

    /// <summary>Steps whose gradient was not finite (overflow) and so were not applied.</summary>
    public int SkippedSteps { get; private set; }

    /// <summary>Saves adapter, optimizer moments and step into <paramref name="folder"/>.</summary>
    /// <param name="folder">The checkpoint folder.</param>
    public void SaveCheckpoint(string folder) => TrainingCheckpoint.Save(this, folder);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/>, so <see cref="Train"/> continues where it stopped.</summary>
    /// <param name="folder">The checkpoint folder.</param>
    public void LoadCheckpoint(string folder) => CompletedSteps = TrainingCheckpoint.Load(this, folder);

    private double ApplyStep(double lr)
    {
        double sumSquares = 0;
        foreach (var g in new[] { _pass.LoraGradients, _pass.BaseGradients })
        {
            if (g is not null)
            {
                var n = AdamW.ClipGradientNorm(g, 0);
                sumSquares += n * n;
            }
        }

        var norm = Math.Sqrt(sumSquares);
        if (!double.IsFinite(norm))
        {
            // One overflowing batch must not poison every weight: leave weights and moments as they are.
            SkippedSteps++;
            return norm;
        }

        var coef = Options.MaxGradNorm / (norm + 1e-6);
        if (Options.MaxGradNorm > 0 && coef < 1)
        {
            foreach (var g in new[] { _pass.LoraGradients, _pass.BaseGradients })
            {
                if (g is not null)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(g, (float)coef, g);
                }
            }
        }

        if (Adapter is not null && LoraOptimizer is not null)
        {
            LoraOptimizer.BeginStep();
            LoraOptimizer.Update(Adapter.Parameters, _pass.LoraGradients, 0, Adapter.Parameters.Length, lr, Options.WeightDecay);
        }

        if (BaseOptimizer is not null)
        {
            BaseOptimizer.BeginStep();
            foreach (var slot in Model.Layout.Slots)
            {
                // Decay matrices only: norms and biases are 1-D (HF Trainer's convention).
                BaseOptimizer.Update(Model.Weights, _pass.BaseGradients, slot.Offset, slot.Length, lr, slot.Shape.Count == 2 ? Options.WeightDecay : 0);
            }
        }

        return norm;
    }

    private TrainingSequence Truncate(TrainingSequence s)
    {
        var max = Math.Min(Options.MaxSequenceLength, Model.Config.MaxPositionEmbeddings);
        return s.Tokens.Count <= max ? s : new TrainingSequence(s.Tokens.Take(max).ToArray(), s.TargetMask.Take(max).ToArray());
    }

    private List<int> DataOrder(int count)
    {
        var order = new List<int>(count * Options.Epochs);
        for (var e = 0; e < Options.Epochs; e++)
        {
            var perm = Enumerable.Range(0, count).ToArray();
            if (Options.ShuffleData)
            {
                new Random(unchecked((Options.Seed * 7919) + e)).Shuffle(perm);
            }

            order.AddRange(perm);
        }

        return order;
    }
}
