using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Signatures;
using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Registry;

namespace BetterTogether.Tasks.Tests.Registry;

public sealed class DataFileTaskTests
{
    private static string WriteTemp(string extension, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bt-task-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Create_Csv_SplitsInThirdsWithSelectedColumns()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 10).Select(i => $"{i},text {i},{(i % 2 == 0 ? "even" : "odd")},ignored"));
        var path = WriteTemp(".csv", "n,note,parity,extra\n" + rows + "\n");
        try
        {
            var task = DataFileTask.Create(path, ColumnSelection.Parse("n,note", "parity"), ProgramKind.Predict, TaskMetricKind.Exact, seed: 1);

            Assert.Equal((4, 3, 3), (task.Data.Train.Count, task.Data.Dev.Count, task.Data.Test.Count));
            Assert.Equal(10, task.Data.All.Select(e => e["n"]).Distinct().Count());
            Assert.All(task.Data.All, e => Assert.Equal(["n", "note"], e.InputKeys));
            Assert.All(task.Data.All, e => Assert.False(e.ContainsKey("extra")));
            var predictor = Assert.Single(task.CreateProgram(null).Predictors());
            Assert.IsType<Predict>(predictor);
            Assert.Equal("n, note -> parity", predictor.Signature.ToString());
            var first = task.Data.Test[0];
            Assert.Equal(1.0, task.Metric(first, Prediction.From(("parity", first["parity"].ToUpperInvariant() + ".")), null));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_JsonlWithChainOfThoughtAndNumericMetric()
    {
        var path = WriteTemp(".jsonl", string.Join("\n", Enumerable.Range(1, 6).Select(i => $"{{\"q\": \"{i}+{i}\", \"a\": {2 * i}}}")));
        try
        {
            var task = DataFileTask.Create(path, ColumnSelection.Parse("q", "a"), ProgramKind.ChainOfThought, TaskMetricKind.Numeric);

            Assert.IsType<ChainOfThought>(Assert.Single(task.CreateProgram(null).Predictors()));
            Assert.Equal("numeric", task.MetricName);
            var example = task.Data.Train[0];
            Assert.Equal(1.0, task.Metric(example, Prediction.From(("a", $"It is {example["a"]}.")), null));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_TooFewRecords_ThrowsDataFormatException()
    {
        var path = WriteTemp(".csv", "x,y\n1,a\n2,b\n");
        try
        {
            var ex = Assert.Throws<DataFormatException>(() => DataFileTask.Create(path, ColumnSelection.Parse("x", "y")));
            Assert.Contains("at least 3", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_ColumnNameNotAFieldName_ThrowsSignatureParseException()
    {
        var path = WriteTemp(".csv", "petal length,y\n1,a\n2,b\n3,c\n");
        try
        {
            Assert.Throws<SignatureParseException>(() => DataFileTask.Create(path, ColumnSelection.Parse("petal length", "y")));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
