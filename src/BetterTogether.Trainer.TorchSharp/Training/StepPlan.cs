using BetterTogether.Engine.Training;

namespace BetterTogether.Trainer.TorchSharp.Training;

/// <summary>
/// Which sequences each optimizer step trains on: the engine's <see cref="LoraTrainer"/> plan (truncation to the
/// context, a seeded shuffle per epoch, <c>BatchSize × GradientAccumulationSteps</c> sequences per step), so both
/// backends see the same data in the same order. The parity tests train with shuffling on to hold the two together.
/// </summary>
internal sealed class StepPlan
{
    private readonly TrainingSequence[] _sequences;
    private readonly List<int> _order;
    private readonly LoraTrainerOptions _options;

    public StepPlan(IReadOnlyList<TrainingSequence> data, LoraTrainerOptions options, int maxPositions)
    {
        _options = options;
        var max = Math.Min(options.MaxSequenceLength, maxPositions);
        _sequences = data.Select(s => s.Tokens.Count <= max ? s : new TrainingSequence(s.Tokens.Take(max).ToArray(), s.TargetMask.Take(max).ToArray())).ToArray();
        _order = new List<int>(_sequences.Length * options.Epochs);
        for (var e = 0; e < options.Epochs; e++)
        {
            var perm = Enumerable.Range(0, _sequences.Length).ToArray();
            if (options.ShuffleData)
            {
                new Random(unchecked((options.Seed * 7919) + e)).Shuffle(perm);
            }

            _order.AddRange(perm);
        }

        TotalSteps = LoraTrainer.CountSteps(_sequences.Length, options);
    }

    public int TotalSteps { get; }

    /// <summary>The micro-batches (of up to <c>BatchSize</c> sequences) of optimizer step <paramref name="step"/>.</summary>
    public IReadOnlyList<TrainingSequence[]> MicroBatches(int step) =>
        _order.Skip(step * _options.SequencesPerStep).Take(_options.SequencesPerStep).Select(i => _sequences[i]).Chunk(_options.BatchSize).ToList();
}
