using System.Globalization;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Training;

namespace BetterTogether.Pretraining.Training;

/// <summary>
/// A short first phase on copy sequences of random tokens (<c>S a1..an S a1..an</c>, n varying, loss on the repeat
/// only). A small model trained only on the task prompts learns their format but never learns to copy from its
/// context; on random tokens nothing but copying lowers the loss, and with a batch of 16 sequences the copying
/// (induction) circuit forms, in a phase change whose step depends on the seed, on float rounding and on the phase's
/// length, which sets its learning-rate ramp and shuffle (measured for the 4-layer model: from step 700 to beyond
/// step 3300; a 2-layer model at hidden 128 went from 7.6 to below 0.1 nats per copied token). The phase can end on
/// a copy-loss target, so that a run whose circuit forms early goes on to the corpus early. The weights then go on to the task corpus with a fresh optimizer.
/// </summary>
internal static class InductionWarmup
{
    /// <summary>Creates the copy sequences.</summary>
    public static List<TrainingSequence> Create(int count, int seed, int firstId, int vocabSize, int separator)
    {
        var random = new Random(unchecked((seed * 31) + 5));
        var sequences = new List<TrainingSequence>(count);
        for (var s = 0; s < count; s++)
        {
            var n = 10 + random.Next(21);
            var ids = new int[(2 * n) + 2];
            var mask = new bool[ids.Length];
            ids[0] = separator;
            ids[n + 1] = separator;
            for (var i = 0; i < n; i++)
            {
                ids[1 + i] = ids[n + 2 + i] = firstId + random.Next(vocabSize - firstId);
                mask[n + 2 + i] = true;
            }

            sequences.Add(new TrainingSequence(ids, mask));
        }

        return sequences;
    }

    /// <summary>The phase's copy sequences for <paramref name="o"/>: its steps times its batch.</summary>
    public static List<TrainingSequence> Sequences(PretrainOptions o, int firstId, int vocabSize, int separator) =>
        Create(o.InductionWarmupSteps * o.InductionWarmupBatch, o.Seed, firstId, vocabSize, separator);

    /// <summary>The phase's optimizer settings: the run's rate after a short linear warm-up, then constant.</summary>
    public static LoraTrainerOptions TrainerOptions(PretrainOptions o) => new()
    {
        TrainBaseWeights = true,
        LearningRate = o.LearningRate,
        WarmupRatio = 0.05,
        WeightDecay = o.WeightDecay,
        BatchSize = o.InductionWarmupBatch,
        MaxSequenceLength = o.ContextLength,
        Seed = o.Seed,
        Beta2 = 0.99,
    };

    /// <summary>Steps the copy loss is averaged over, for the log and for the target.</summary>
    public const int Window = 100;

    /// <summary>
    /// Trains <paramref name="model"/> on the copy sequences in place, until the mean copy loss of a
    /// <see cref="Window"/>-step window falls below <see cref="PretrainOptions.InductionWarmupTargetLoss"/> or the
    /// phase's steps run out.
    /// </summary>
    /// <returns>The steps trained.</returns>
    public static int Run(LlamaModel model, PretrainOptions o, int firstId, int separator, TimeProvider time, Action<string> log, CancellationToken cancellationToken)
    {
        var data = Sequences(o, firstId, model.Config.VocabSize, separator);
        var trainer = new LoraTrainer(model, null, TrainerOptions(o), time);
        var target = o.InductionWarmupTargetLoss;
        log(target > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Induction warm-up: random-token copy sequences, {o.InductionWarmupBatch} a step, until the copy loss over {Window} steps is below {target} (at most {o.InductionWarmupSteps} steps).")
            : string.Create(CultureInfo.InvariantCulture, $"Induction warm-up: {o.InductionWarmupSteps} steps of {o.InductionWarmupBatch} random-token copy sequences."));
        using var reached = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new List<double>();
        trainer.StepCompleted += (_, p) =>
        {
            window.Add(p.Loss);
            if (p.Step % Window == 0 || p.Step == p.TotalSteps)
            {
                var mean = window.Average();
                log(string.Create(CultureInfo.InvariantCulture, $"warm-up step {p.Step}/{p.TotalSteps} | copy loss {mean:F3} | {p.TokensPerSecond:F0} tok/s"));
                window.Clear();
                if (target > 0 && mean < target && p.Step < p.TotalSteps)
                {
                    log(string.Create(CultureInfo.InvariantCulture, $"Copy loss below {target}: the warm-up ends at step {p.Step}."));
                    reached.Cancel();
                }
            }
        };
        try
        {
            trainer.Train(data, reached.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The target was reached: the last completed step's weights are intact.
        }

        return trainer.CompletedSteps;
    }
}
