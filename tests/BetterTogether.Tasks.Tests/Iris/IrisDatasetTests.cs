using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Iris;

namespace BetterTogether.Tasks.Tests.Iris;

public sealed class IrisDatasetTests
{
    [Fact]
    public void Load_BundledFile_Has150RowsAndKnownMeans()
    {
        var rows = IrisDataset.Load();

        Assert.Equal(150, rows.Count);
        Assert.All(IrisDataset.Species, s => Assert.Equal(50, rows.Count(r => r.Species == s)));
        Assert.Equal(5.8433, rows.Average(r => r.SepalLength), 4);
        Assert.Equal(1.1993, rows.Average(r => r.PetalWidth), 4);
        Assert.Equal(new IrisFlower(1, 5.1, 3.5, 1.4, 0.2, "setosa"), rows[0]);
    }

    [Fact]
    public void Features_FormatsLikeTheCsv()
    {
        var row = IrisDataset.Load()[0];

        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], row.Features.Select(f => f.Key));
        Assert.Equal(["5.1", "3.5", "1.4", "0.2"], row.Features.Select(f => f.Value));
    }

    [Fact]
    public void Split_Default_Is50x3DisjointAndStratified()
    {
        var split = IrisDataset.Split();

        Assert.Equal(50, split.Train.Count);
        Assert.Equal(50, split.Dev.Count);
        Assert.Equal(50, split.Test.Count);
        Assert.Equal(150, split.All.Select(r => r.RowNumber).Distinct().Count());
        foreach (var set in new[] { split.Train, split.Dev, split.Test })
        {
            Assert.All(IrisDataset.Species, s => Assert.InRange(set.Count(r => r.Species == s), 16, 17));
        }
    }

    [Fact]
    public void Split_SameSeed_IsIdentical_DifferentSeed_Differs()
    {
        static int[] Ids(DatasetSplit<IrisFlower> s) => s.All.Select(r => r.RowNumber).ToArray();

        Assert.Equal(Ids(IrisDataset.Split(7)), Ids(IrisDataset.Split(7)));
        Assert.NotEqual(Ids(IrisDataset.Split(7)), Ids(IrisDataset.Split(8)));
    }

    [Theory]
    [InlineData("setosa", "setosa", true)]
    [InlineData(" Setosa.", "setosa", true)]
    [InlineData("\"virginica\"", "virginica", true)]
    [InlineData("versicolor", "virginica", false)]
    [InlineData("iris setosa", "setosa", false)]
    [InlineData("", "setosa", false)]
    [InlineData(null, "setosa", false)]
    public void ExactLabelMetric_IsMatch_TrimsCaseAndPunctuationOnly(string? prediction, string gold, bool expected)
    {
        Assert.Equal(expected, ExactLabelMetric.IsMatch(prediction, gold));
    }
}
