using BetterTogether.Tasks.Classification;
using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.Iris;

namespace BetterTogether.Tasks.Tests.Classification;

public sealed class SyntheticClassificationGeneratorTests
{
    private readonly SyntheticClassificationGenerator _generator = new();

    [Fact]
    public void Generate_SameSeed_SameTasks()
    {
        var a = _generator.Generate(DataPartition.Pretraining, 9, 20);
        var b = _generator.Generate(DataPartition.Pretraining, 9, 20);

        Assert.Equal(a.Select(t => t.Instruction), b.Select(t => t.Instruction));
        Assert.Equal(a.SelectMany(t => t.Examples).Select(e => string.Join(",", e.Values) + e.Label), b.SelectMany(t => t.Examples).Select(e => string.Join(",", e.Values) + e.Label));
    }

    [Fact]
    public void Generate_ManyTasks_VaryInSchemaAndStayWithinBounds()
    {
        var tasks = _generator.Generate(DataPartition.Pretraining, 1, 300);

        Assert.True(tasks.Select(t => string.Join("|", t.FeatureNames)).Distinct().Count() > 250);
        Assert.Contains(tasks, t => t.RuleKind == ClassificationRuleKind.Clusters);
        Assert.Contains(tasks, t => t.RuleKind == ClassificationRuleKind.Thresholds);
        foreach (var task in tasks)
        {
            Assert.InRange(task.FeatureNames.Count, 2, 4);
            Assert.InRange(task.Labels.Count, 2, 4);
            Assert.Equal(task.Labels.Count, task.Labels.Distinct().Count());
            Assert.Equal(24, task.Examples.Count);
            Assert.All(task.Examples, e => Assert.Equal(task.FeatureNames.Count, e.Values.Count));
            Assert.All(task.Examples, e => Assert.Contains(e.Label, task.Labels));
        }
    }

    [Fact]
    public void Generate_NeverUsesIrisNames()
    {
        var tasks = _generator.Generate(DataPartition.Pretraining, 0, 2000);

        Assert.DoesNotContain(tasks.SelectMany(t => t.FeatureNames), IrisDataset.FeatureNames.Contains);
        Assert.DoesNotContain(tasks.SelectMany(t => t.Labels), IrisDataset.Species.Contains);
    }

    [Fact]
    public void Generate_ThresholdTasks_AreLearnableFromTheKeyFeature()
    {
        // For a threshold rule some feature orders the labels: sorting examples by it, labels change at most (labels - 1) times.
        var task = _generator.Generate(DataPartition.Pretraining, 4).First(t => t.RuleKind == ClassificationRuleKind.Thresholds);
        var separable = Enumerable.Range(0, task.FeatureNames.Count).Any(f =>
        {
            var ordered = task.Examples.OrderBy(e => double.Parse(e.Values[f], System.Globalization.CultureInfo.InvariantCulture)).Select(e => e.Label).ToList();
            var changes = ordered.Zip(ordered.Skip(1)).Count(p => p.First != p.Second);
            return changes <= task.Labels.Count - 1;
        });

        Assert.True(separable);
    }

    [Fact]
    public void Generate_PartitionsNeverShareATask()
    {
        static string Key(SyntheticClassificationTask t) => string.Join("|", t.FeatureNames) + string.Join(";", t.Examples.Select(e => string.Join(",", e.Values) + e.Label));

        var task = _generator.Generate(DataPartition.Task, 0, 200).Select(Key).ToHashSet();
        var corpus = _generator.Generate(DataPartition.Pretraining, 0, 200).Select(Key);

        Assert.DoesNotContain(corpus, task.Contains);
    }
}
