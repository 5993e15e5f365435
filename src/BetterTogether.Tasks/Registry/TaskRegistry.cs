using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.Iris;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Programs;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Registry;

/// <summary>
/// The built-in tasks by name: <c>iris</c> (UCI Iris, 50/50/50), <c>arithmetic</c> (synthetic word problems,
/// 200/200/300), <c>gsm8k</c> (bundled GSM8K subset, 200/200/300), <c>multihop</c> (a synthetic two-hop
/// world, 150/150/250) and <c>hotpotqa</c> (bundled HotpotQA sample, 300/300/500).
/// </summary>
public static class TaskRegistry
{
    /// <summary>Train items of the <c>arithmetic</c> task.</summary>
    public const int ArithmeticTrain = 200;

    /// <summary>Dev items of the <c>arithmetic</c> task.</summary>
    public const int ArithmeticDev = 200;

    /// <summary>Test items of the <c>arithmetic</c> task.</summary>
    public const int ArithmeticTest = 300;

    /// <summary>Train questions of the <c>multihop</c> task.</summary>
    public const int MultiHopTrain = 150;

    /// <summary>Dev questions of the <c>multihop</c> task.</summary>
    public const int MultiHopDev = 150;

    /// <summary>Test questions of the <c>multihop</c> task.</summary>
    public const int MultiHopTest = 250;

    /// <summary>The task names, in the paper's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["iris", "arithmetic", "gsm8k", "multihop", "hotpotqa"];

    /// <summary>Builds a task's definition.</summary>
    /// <param name="name">A name from <see cref="Names"/> (case-insensitive).</param>
    /// <param name="seed">Chooses the Iris split, the generated word problems and the synthetic world; the bundled GSM8K and HotpotQA splits are fixed.</param>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static TaskDefinition Get(string name, int seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim().ToUpperInvariant() switch
        {
            "IRIS" => new TaskDefinition(
                "iris",
                "Iris species from four measurements (UCI Iris, ChainOfThought, exact label)",
                lm => IrisProgram.Create(lm),
                TaskExamples.Map(IrisDataset.Split(seed), TaskExamples.FromIris),
                TaskMetrics.ExactLabel(IrisDataset.LabelName),
                "exact"),
            "ARITHMETIC" => new TaskDefinition(
                "arithmetic",
                "Synthetic one- and two-step word problems (ChainOfThought, numeric answer)",
                lm => ArithmeticProgram.Create(lm),
                TaskExamples.Map(new WordProblemGenerator().CreateTaskSplit(ArithmeticTrain, ArithmeticDev, ArithmeticTest, seed), TaskExamples.FromArithmetic),
                TaskMetrics.NumericAnswer("answer"),
                "numeric"),
            "GSM8K" => new TaskDefinition(
                "gsm8k",
                "GSM8K grade-school math, bundled subset (ChainOfThought, numeric answer)",
                lm => ArithmeticProgram.Create(lm),
                TaskExamples.Map(Gsm8kDataset.Load(), TaskExamples.FromArithmetic),
                TaskMetrics.NumericAnswer("answer"),
                "numeric"),
            "MULTIHOP" => MultiHop(seed),
            "HOTPOTQA" => HotpotQa(),
            _ => throw new ArgumentException($"Unknown task '{name}'; known tasks: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static TaskDefinition MultiHop(int seed)
    {
        var data = TwoHopWorldGenerator.CreateTaskDataset(MultiHopTrain, MultiHopDev, MultiHopTest, seed);
        var retriever = new Bm25Retriever(data.Corpus);
        return new TaskDefinition(
            "multihop",
            "Synthetic two-hop questions over a generated world (query, retrieve, query, retrieve, answer; exact match)",
            lm => new MultiHopProgram(retriever, lm: lm),
            TaskExamples.Map(data.Split, TaskExamples.FromTwoHop),
            TaskMetrics.AnswerExactMatch("answer"),
            "em");
    }

    private static TaskDefinition HotpotQa()
    {
        var data = HotpotQaDataset.Load();
        var retriever = new Bm25Retriever(data.Corpus);
        return new TaskDefinition(
            "hotpotqa",
            "HotpotQA sample, BM25 over the union of its paragraphs (query, retrieve, query, retrieve, answer; exact match)",
            lm => new MultiHopProgram(retriever, lm: lm),
            TaskExamples.Map(data.Split, TaskExamples.FromHotpot),
            TaskMetrics.AnswerExactMatch("answer"),
            "em");
    }
}
