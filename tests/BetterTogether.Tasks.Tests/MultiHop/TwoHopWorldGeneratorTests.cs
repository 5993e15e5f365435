using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Tests.MultiHop;

public sealed class TwoHopWorldGeneratorTests
{
    [Fact]
    public void Generate_SameSeed_SameWorld_DifferentSeed_DifferentWorld()
    {
        var a = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 5);
        var b = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 5);
        var c = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 6);

        Assert.Equal(a.Passages, b.Passages);
        Assert.Equal(a.Questions.Select(q => q.Question), b.Questions.Select(q => q.Question));
        Assert.NotEqual(a.Passages.Select(p => p.Text), c.Passages.Select(p => p.Text));
    }

    [Fact]
    public void Generate_EveryQuestion_IsAnsweredByItsTwoSupportingPassages()
    {
        var world = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 1);
        var byId = world.Passages.ToDictionary(p => p.Id);

        Assert.Equal((12 * 2) + (12 * 2) + 24, world.Questions.Count);
        foreach (var q in world.Questions)
        {
            var first = byId[q.SupportingPassageIds[0]];
            var second = byId[q.SupportingPassageIds[1]];
            Assert.Contains(q.FirstHopQuery, q.Question, StringComparison.Ordinal);
            Assert.Contains(q.BridgeEntity, first.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(q.Answer, first.Text + q.Question, StringComparison.Ordinal);
            Assert.Contains(q.Answer, second.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bm25_HopQueries_RetrieveTheSupportingPassages()
    {
        var world = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 2);
        var retriever = new Bm25Retriever(world.Passages);
        var hits = 0;

        foreach (var q in world.Questions)
        {
            var firstOk = retriever.Search(q.FirstHopQuery, 3).Any(h => h.Passage.Id == q.SupportingPassageIds[0]);
            var secondOk = retriever.Search(q.BridgeEntity, 3).Any(h => h.Passage.Id == q.SupportingPassageIds[1]);
            hits += firstOk && secondOk ? 1 : 0;
        }

        Assert.True(hits >= world.Questions.Count * 0.95, $"{hits}/{world.Questions.Count}");
    }

    [Fact]
    public void CreateTaskDataset_SplitsDisjointly_AndPretrainingWorldsNeverShareNames()
    {
        var task = TwoHopWorldGenerator.CreateTaskDataset(100, 100, 200, seed: 0);
        var taskTitles = task.Corpus.Select(p => p.Title).ToHashSet(StringComparer.Ordinal);
        var taskQuestions = task.Split.All.Select(q => q.Question).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(100, task.Split.Train.Count);
        Assert.Equal(200, task.Split.Test.Count);
        Assert.Equal(400, taskQuestions.Count);
        Assert.Equal(328, task.Corpus.Count);
        for (var seed = 0; seed < 100; seed++)
        {
            var world = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, seed);
            Assert.DoesNotContain(world.Passages, p => taskTitles.Contains(p.Title));
            Assert.DoesNotContain(world.Questions, q => taskQuestions.Contains(q.Question));
        }

        Assert.All(taskTitles, t => Assert.Equal(DataPartition.Task, PartitionRule.Of("entity:" + t)));
    }

    [Fact]
    public void CreateTaskDataset_TooManyQuestions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoHopWorldGenerator.CreateTaskDataset(500, 500, 500));
    }
}
