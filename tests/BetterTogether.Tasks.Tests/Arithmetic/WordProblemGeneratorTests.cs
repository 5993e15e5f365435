using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.Generators;

namespace BetterTogether.Tasks.Tests.Arithmetic;

public sealed class WordProblemGeneratorTests
{
    private readonly WordProblemGenerator _generator = new();

    [Fact]
    public void Generate_SameSeed_SameItems_DifferentSeed_DifferentItems()
    {
        var a = _generator.Generate(DataPartition.Pretraining, 3, 50);
        var b = _generator.Generate(DataPartition.Pretraining, 3, 50);
        var c = _generator.Generate(DataPartition.Pretraining, 4, 50);

        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(p => p.Question), c.Select(p => p.Question));
    }

    [Fact]
    public void Generate_ReasoningEndsAtAnswer_AndAnswerIsNonNegativeInteger()
    {
        foreach (var p in _generator.Generate(DataPartition.Pretraining, 1, 500))
        {
            Assert.True(int.TryParse(p.Answer, out var answer), p.Question);
            Assert.True(answer >= 0, p.Question);
            Assert.True(NumericAnswerMetric.IsMatch(p.Reasoning, p.Answer), p.Reasoning);
            Assert.EndsWith("?", p.Question, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generate_UsesAllEightTemplatesAndManyNames()
    {
        var items = _generator.Generate(DataPartition.Pretraining, 2, 400);

        Assert.True(items.Select(p => p.Question.Split(' ')[0]).Distinct().Count() >= 15);
        Assert.Contains(items, p => p.Question.Contains("change", StringComparison.Ordinal));
        Assert.Contains(items, p => p.Question.Contains("keeps", StringComparison.Ordinal));
        Assert.Contains(items, p => p.Question.Contains("equally among", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_PretrainingCorpus_NeverContainsTaskItems()
    {
        var task = _generator.CreateTaskSplit(200, 200, 500, seed: 0);
        var taskQuestions = task.All.Select(p => p.Question).ToHashSet(StringComparer.Ordinal);

        var corpus = _generator.Generate(DataPartition.Pretraining, 0, 20_000);

        Assert.Equal(900, taskQuestions.Count);
        Assert.DoesNotContain(corpus, p => taskQuestions.Contains(p.Question));
        Assert.All(task.All, p => Assert.Equal(DataPartition.Task, PartitionRule.Of(p.Question)));
        Assert.All(corpus, p => Assert.Equal(DataPartition.Pretraining, PartitionRule.Of(p.Question)));
    }

    [Fact]
    public void Generate_Paraphrased_SameProblemsInOtherSentences()
    {
        var task = _generator.Generate(DataPartition.Pretraining, 5, 400);
        var paraphrased = new WordProblemGenerator(new WordProblemGeneratorOptions { Wording = ProblemWording.Paraphrased }).Generate(DataPartition.Pretraining, 5, 400);

        // Same draws: the same ids, reasoning and answers, and the same numbers in each question.
        Assert.Equal(task.Select(p => (p.Id, p.Reasoning, p.Answer)), paraphrased.Select(p => (p.Id, p.Reasoning, p.Answer)));
        Assert.All(task.Zip(paraphrased), pair => Assert.Equal(Numbers(pair.First.Question), Numbers(pair.Second.Question)));

        // Not one sentence of the task's wording is in the paraphrases, for all eight templates.
        var taskSentences = task.SelectMany(p => Sentences(p.Question)).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(paraphrased.SelectMany(p => Sentences(p.Question)), taskSentences.Contains);
        foreach (var phrase in new[] { "Before that,", "collection", "Inside each", "so that each of them", "apiece", "later discovered", "bill", "holds on to" })
        {
            Assert.Contains(paraphrased, p => p.Question.Contains(phrase, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Options_Invalid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordProblemGenerator(new WordProblemGeneratorOptions { Wording = (ProblemWording)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordProblemGenerator(new WordProblemGeneratorOptions { MinOperand = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordProblemGenerator(new WordProblemGeneratorOptions { MinOperand = 5, MaxOperand = 6 }));
    }

    private static List<string> Numbers(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, "[0-9]+").Select(m => m.Value).Order(StringComparer.Ordinal)];

    private static string[] Sentences(string text) =>
        System.Text.RegularExpressions.Regex.Split(text, @"(?<=[.?])\s+");
}
