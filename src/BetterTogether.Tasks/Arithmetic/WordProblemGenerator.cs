using System.Globalization;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Generators;

namespace BetterTogether.Tasks.Arithmetic;

/// <summary>
/// Generates GSM-style word problems at a tiny model's level (one or two operations on small numbers,
/// eight templates, varied names and objects), each with step-by-step reasoning and the final answer.
/// Deterministic for a seed; items of different <see cref="DataPartition"/>s never coincide.
/// </summary>
public sealed class WordProblemGenerator
{
    private const string Salt = "arithmetic";
    private readonly WordProblemGeneratorOptions _options;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public WordProblemGenerator(WordProblemGeneratorOptions? options = null)
    {
        _options = options ?? new WordProblemGeneratorOptions();
        _options.Validate();
    }

    /// <summary>An endless stream of distinct problems from <paramref name="partition"/>.</summary>
    /// <param name="partition">Which side of the task/pretraining wall to draw from.</param>
    /// <param name="seed">The seed; equal seeds give equal streams.</param>
    public IEnumerable<ArithmeticProblem> Generate(DataPartition partition, int seed)
    {
        var random = new DeterministicRandom(StableHash.Seed(seed, Salt, partition.ToString()));
        var templates = _options.IncludeTwoStep
            ? WordProblemTemplates.OneStep.Concat(WordProblemTemplates.TwoStep).ToArray()
            : WordProblemTemplates.OneStep.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        while (true)
        {
            var who = random.Pick(WordProblemTemplates.People);
            var friend = random.Pick(WordProblemTemplates.People);
            var things = random.Pick(WordProblemTemplates.Things);
            var draft = random.Pick(templates)(random, who, friend, things, _options);
            if (draft is null || friend == who || !PartitionRule.Allows(partition, draft.Question) || !seen.Add(draft.Question))
            {
                continue;
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"arith-{partition.ToString().ToLowerInvariant()}-{seed}-{index++}");
            yield return new ArithmeticProblem(id, draft.Question, draft.Reasoning, draft.Answer.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The first <paramref name="count"/> problems of <see cref="Generate(DataPartition, int)"/>.</summary>
    public IReadOnlyList<ArithmeticProblem> Generate(DataPartition partition, int seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(partition, seed).Take(count).ToList();
    }

    /// <summary>The arithmetic task's train/dev/test sets, drawn from <see cref="DataPartition.Task"/>.</summary>
    /// <param name="trainCount">Train items.</param>
    /// <param name="devCount">Dev items.</param>
    /// <param name="testCount">Test items.</param>
    /// <param name="seed">The seed.</param>
    public DatasetSplit<ArithmeticProblem> CreateTaskSplit(int trainCount, int devCount, int testCount, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(devCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        var items = Generate(DataPartition.Task, seed, trainCount + devCount + testCount);
        return new DatasetSplit<ArithmeticProblem>(
            items.Take(trainCount).ToList(),
            items.Skip(trainCount).Take(devCount).ToList(),
            items.Skip(trainCount + devCount).ToList());
    }
}
