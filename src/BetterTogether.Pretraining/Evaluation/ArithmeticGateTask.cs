using BetterTogether.Core.Examples;
using BetterTogether.Engine.Lora;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>Generated word problems (the task partition) with a ChainOfThought solver and the numeric-answer metric.</summary>
/// <param name="trainCount">Train items to draw.</param>
/// <param name="testCount">Test items to draw.</param>
public sealed class ArithmeticGateTask(int trainCount, int testCount) : GateTask
{
    /// <summary>The solver's predictor name.</summary>
    public const string PredictorName = "solve";

    private static readonly Core.Signatures.Signature Signature = TaskSignatures.WithReasoning(TaskSignatures.Arithmetic);
    private readonly DatasetSplit<ArithmeticProblem> _split = new WordProblemGenerator().CreateTaskSplit(trainCount, 0, testCount);

    /// <inheritdoc />
    public override TaskFamily Family => TaskFamily.Arithmetic;

    /// <inheritdoc />
    public override string Name => "arithmetic";

    /// <inheritdoc />
    public override string Chance => "~0%";

    /// <inheritdoc />
    public override double ChanceAccuracy => 0.0;

    /// <inheritdoc />
    public override int TrainCount => _split.Train.Count;

    /// <inheritdoc />
    public override int TestCount => _split.Test.Count;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, IReadOnlyList<Example>> LabeledDemos(int count, int? seed = null) =>
        new Dictionary<string, IReadOnlyList<Example>>
        {
            [PredictorName] = Pick(_split.Train, count, seed).Select(p => Example.From(("question", p.Question), ("answer", p.Answer)).WithInputs("question")).ToList(),
        };

    /// <inheritdoc />
    public override ProgramRun Run(LocalChatModel lm, bool test, int index, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos, LoraAdapter? adapter, GateSampling? sampling, CancellationToken cancellationToken)
    {
        var problem = (test ? _split.Test : _split.Train)[index];
        var call = Call(lm, PredictorName, Signature, new Dictionary<string, string> { ["question"] = problem.Question }, demos, adapter, sampling, cancellationToken);
        var correct = call.Outputs is { } o && NumericAnswerMetric.IsMatch(o["answer"], problem.Answer);
        return new ProgramRun(correct, [call]);
    }
}
