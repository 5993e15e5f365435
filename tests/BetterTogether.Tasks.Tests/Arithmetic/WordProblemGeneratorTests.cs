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
    public void Options_Invalid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordProblemGenerator(new WordProblemGeneratorOptions { MinOperand = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordProblemGenerator(new WordProblemGeneratorOptions { MinOperand = 5, MaxOperand = 6 }));
    }
}
