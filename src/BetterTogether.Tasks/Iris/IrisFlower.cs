using System.Globalization;

namespace BetterTogether.Tasks.Iris;

/// <summary>One row of the Iris data set (measurements in cm).</summary>
/// <param name="RowNumber">The 1-based data row in <c>iris.csv</c> (the header is not counted).</param>
/// <param name="SepalLength">Sepal length.</param>
/// <param name="SepalWidth">Sepal width.</param>
/// <param name="PetalLength">Petal length.</param>
/// <param name="PetalWidth">Petal width.</param>
/// <param name="Species">The label: <c>setosa</c>, <c>versicolor</c> or <c>virginica</c>.</param>
public sealed record IrisFlower(int RowNumber, double SepalLength, double SepalWidth, double PetalLength, double PetalWidth, string Species)
{
    /// <summary>The four features as (name, value) pairs in <see cref="IrisDataset.FeatureNames"/> order, each value formatted as in the CSV (one decimal, invariant culture).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Features =>
    [
        new(IrisDataset.FeatureNames[0], Format(SepalLength)),
        new(IrisDataset.FeatureNames[1], Format(SepalWidth)),
        new(IrisDataset.FeatureNames[2], Format(PetalLength)),
        new(IrisDataset.FeatureNames[3], Format(PetalWidth)),
    ];

    private static string Format(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);
}
