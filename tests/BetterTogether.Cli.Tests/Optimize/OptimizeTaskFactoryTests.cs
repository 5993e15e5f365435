using BetterTogether.Cli.Optimize;

namespace BetterTogether.Cli.Tests.Optimize;

public sealed class OptimizeTaskFactoryTests
{
    [Fact]
    public void SizesWithinTheData_NoNote()
        => Assert.Empty(OptimizeTaskFactory.Create(new OptimizeOptions { Task = "iris", TrainSize = 10, ValSize = 10 }).DataNotes);

    [Fact]
    public void TrainSizeOverTheData_SaidOnce_AndCapped()
    {
        var task = OptimizeTaskFactory.Create(new OptimizeOptions { Task = "iris", TrainSize = 1000, ValSize = 10 });
        var note = Assert.Single(task.DataNotes);
        Assert.StartsWith("--train-size 1000 is more than the ", note, StringComparison.Ordinal);
        Assert.Contains($"using {task.Data.Train.Count}.", note, StringComparison.Ordinal);
        Assert.True(task.Data.Train.Count < 1000);
    }

    [Fact]
    public void ValSizeOverBothSets_OneNotePerSet()
    {
        var task = OptimizeTaskFactory.Create(new OptimizeOptions { Task = "iris", TrainSize = 10, ValSize = 1000 });
        Assert.Equal(2, task.DataNotes.Count);
        Assert.Contains(task.DataNotes, n => n.Contains("validation examples", StringComparison.Ordinal));
        Assert.Contains(task.DataNotes, n => n.Contains("test examples", StringComparison.Ordinal));
    }
}
