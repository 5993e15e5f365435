using BetterTogether.Core.Examples;
using BetterTogether.Engine.Lora;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Iris;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>Iris (the paper's split) with a ChainOfThought classifier and the exact-label metric.</summary>
public sealed class IrisGateTask : GateTask
{
    /// <summary>The classifier's predictor name.</summary>
    public const string PredictorName = "classify";

    private static readonly Core.Signatures.Signature Signature = TaskSignatures.WithReasoning(TaskSignatures.Iris);
    private readonly DatasetSplit<IrisFlower> _split = IrisDataset.Split();

    /// <inheritdoc />
    public override TaskFamily Family => TaskFamily.Classification;

    /// <inheritdoc />
    public override string Name => "iris";

    /// <inheritdoc />
    public override string Chance => "33%";

    /// <inheritdoc />
    public override double ChanceAccuracy => 1.0 / 3;

    /// <inheritdoc />
    public override int TrainCount => _split.Train.Count;

    /// <inheritdoc />
    public override int TestCount => _split.Test.Count;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, IReadOnlyList<Example>> LabeledDemos(int count, int? seed = null) =>
        new Dictionary<string, IReadOnlyList<Example>>
        {
            [PredictorName] = Pick(_split.Train, count, seed)
                .Select(f => new Example(f.Features.Append(new(IrisDataset.LabelName, f.Species)).ToList(), f.Features.Select(kv => kv.Key)))
                .ToList(),
        };

    /// <inheritdoc />
    public override ProgramRun Run(LocalChatModel lm, bool test, int index, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos, LoraAdapter? adapter, GateSampling? sampling, CancellationToken cancellationToken)
    {
        var flower = (test ? _split.Test : _split.Train)[index];
        var inputs = flower.Features.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var call = Call(lm, PredictorName, Signature, inputs, demos, adapter, sampling, cancellationToken);
        var correct = call.Outputs is { } o && ExactLabelMetric.IsMatch(o[IrisDataset.LabelName], flower.Species);
        return new ProgramRun(correct, [call]);
    }
}
