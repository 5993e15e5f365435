using BetterTogether.Core.Examples;
using BetterTogether.Engine.Lora;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>
/// The synthetic two-hop task world with the paper's multi-hop program (query, retrieve, query, retrieve,
/// answer; BM25, 3 passages per hop) and HotpotQA exact match.
/// </summary>
public sealed class MultiHopGateTask : GateTask
{
    private static readonly Core.Signatures.Signature QuerySignature = TaskSignatures.WithReasoning(TaskSignatures.GenerateQuery);
    private static readonly Core.Signatures.Signature AnswerSignature = TaskSignatures.WithReasoning(TaskSignatures.GenerateAnswer);
    private const string AnswerPredictorName = MultiHopGoldTrace.AnswerPredictor;
    private static readonly string[] QueryPredictorNames = [MultiHopGoldTrace.QueryPredictor0, MultiHopGoldTrace.QueryPredictor1];
    private static readonly string[] PredictorNames = [.. QueryPredictorNames, AnswerPredictorName];
    private readonly MultiHopDataset<TwoHopQuestion> _data;
    private readonly Bm25Retriever _retriever;

    /// <summary>Creates the task.</summary>
    /// <param name="trainCount">Train questions.</param>
    /// <param name="testCount">Test questions.</param>
    public MultiHopGateTask(int trainCount, int testCount)
    {
        _data = TwoHopWorldGenerator.CreateTaskDataset(trainCount, 0, testCount);
        _retriever = new Bm25Retriever(_data.Corpus);
    }

    /// <inheritdoc />
    public override TaskFamily Family => TaskFamily.MultiHop;

    /// <inheritdoc />
    public override string Name => "multi-hop";

    /// <inheritdoc />
    public override string Chance => "~0%";

    /// <inheritdoc />
    public override double ChanceAccuracy => 0.0;

    /// <inheritdoc />
    public override int TrainCount => _data.Split.Train.Count;

    /// <inheritdoc />
    public override int TestCount => _data.Split.Test.Count;

    /// <inheritdoc />
    /// <remarks>
    /// As DSPy's <c>LabeledFewShot</c>, every predictor gets the same train items (question and gold answer). The
    /// answer generator renders them as the ChatAdapter renders incomplete demos: without a context (a labeled item has
    /// no retrieved passages) and with the reasoning "Not supplied for this particular example.", so they are short
    /// enough to fit beside six passages. The query generators drop them, since they have no search query.
    /// </remarks>
    public override IReadOnlyDictionary<string, IReadOnlyList<Example>> LabeledDemos(int count, int? seed = null)
    {
        IReadOnlyList<Example> demos = Pick(_data.Split.Train, count, seed)
            .Select(q => Example.From(("question", q.Question), ("answer", q.Answer)).WithInputs("question"))
            .ToList();
        return PredictorNames.ToDictionary(name => name, _ => demos, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    /// <remarks>A wrong run names its <see cref="ProgramRun.Miss"/>: one of <see cref="MultiHopMisses"/>.</remarks>
    public override ProgramRun Run(LocalChatModel lm, bool test, int index, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos, LoraAdapter? adapter, GateSampling? sampling, CancellationToken cancellationToken)
    {
        var question = (test ? _data.Split.Test : _data.Split.Train)[index];
        var calls = new List<PredictorCall>();
        IReadOnlyList<Passage> context = [];
        foreach (var predictor in QueryPredictorNames)
        {
            var call = Call(lm, predictor, QuerySignature, Inputs(context, question.Question), demos, adapter, sampling, cancellationToken);
            calls.Add(call);
            if (call.Outputs is null)
            {
                return new ProgramRun(false, calls, MultiHopMisses.Unparsed);
            }

            context = MultiHopContext.Merge(context, _retriever.Search(call.Outputs["search_query"], MultiHopContext.PassagesPerHop).Select(s => s.Passage));
        }

        var answer = Call(lm, AnswerPredictorName, AnswerSignature, Inputs(context, question.Question), demos, adapter, sampling, cancellationToken);
        calls.Add(answer);
        var correct = answer.Outputs is { } o && HotpotQaMetric.ExactMatch(o["answer"], question.Answer);
        return new ProgramRun(correct, calls, correct ? null : MissOf(question, context, answer.Outputs?["answer"]));
    }

    /// <summary>Why a wrong run missed: an unparsed reply, a supporting passage not retrieved, or a wrong answer with both at hand.</summary>
    /// <param name="question">The question.</param>
    /// <param name="context">The passages the answer call saw.</param>
    /// <param name="answer">The parsed answer, or null when the answer call's reply did not parse.</param>
    /// <returns>One of <see cref="MultiHopMisses"/>.</returns>
    internal static string MissOf(TwoHopQuestion question, IReadOnlyList<Passage> context, string? answer)
    {
        if (answer is null)
        {
            return MultiHopMisses.Unparsed;
        }

        var retrieved = context.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (!retrieved.Contains(question.SupportingPassageIds[0]))
        {
            return MultiHopMisses.FirstPassage;
        }

        if (!retrieved.Contains(question.SupportingPassageIds[1]))
        {
            return MultiHopMisses.SecondPassage;
        }

        return IsNumber(answer) != IsNumber(question.Answer) ? MultiHopMisses.WrongKind : MultiHopMisses.WrongAnswer;
    }

    private static bool IsNumber(string text) => text.AsSpan().Trim() is { Length: > 0 } t && !t.ContainsAnyExceptInRange('0', '9');

    private static Dictionary<string, string> Inputs(IReadOnlyList<Passage> context, string question) =>
        new(StringComparer.Ordinal) { ["context"] = MultiHopContext.Format(context), ["question"] = question };
}
