using BetterTogether.Cli.Optimize;

namespace BetterTogether.Cli.Tests.Optimize;

/// <summary>The task factory cuts the data to the sizes; a size larger than the data is said by the run's report notes, not here (once).</summary>
public sealed class OptimizeTaskFactoryTests
{
    [Fact]
    public void Create_SizesWithinTheData_NoNote()
        => Assert.Empty(OptimizeTaskFactory.Create(new OptimizeOptions { Task = "iris", TrainSize = 10, ValSize = 10 }).DataNotes);

    [Fact]
    public void Create_TrainSizeOverTheData_CappedWithoutANoteOfItsOwn()
    {
        var task = OptimizeTaskFactory.Create(new OptimizeOptions { Task = "iris", TrainSize = 1000, ValSize = 10 });

        Assert.True(task.Data.Train.Count < 1000);
        Assert.Empty(task.DataNotes);
    }
}
