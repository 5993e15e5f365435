using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Registry;

namespace BetterTogether.Tasks.Tests.BringYourOwnData;

public sealed class MissingValuesTests
{
    // 8 rows: row 2 has an empty 'age', row 3 'NA' for city, row 5 a missing label ('?'), row 7 both inputs missing.
    private const string Csv = """
        age,city,score,label
        34,Oslo,1.5,yes
        ,Lima,2.0,no
        51,NA,0.5,yes
        29,Rome,3.1,no
        40,Kyiv,2.2,?
        22,Oslo,1.1,yes
        n/a,,0.9,no
        63,Lima,2.8,yes
        """;

    private static readonly ColumnSelection Columns = ColumnSelection.Parse("age,city,score", "label");

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("NA")]
    [InlineData("n/a")]
    [InlineData("NaN")]
    [InlineData("null")]
    [InlineData("?")]
    public void IsMissing_CommonMarkers(string value) => Assert.True(MissingValues.IsMissing(value));

    [Theory]
    [InlineData("0")]
    [InlineData("none of these")]
    [InlineData("Nancy")]
    public void IsMissing_RealValues_AreNot(string value) => Assert.False(MissingValues.IsMissing(value));

    [Fact]
    public void Keep_InputsAsWritten_RowWithoutLabelDropped_Counted()
    {
        var (records, report) = Load(MissingValuePolicy.Keep);
        Assert.Equal(7, records.Count);
        Assert.Equal(string.Empty, records.Single(r => r.LineNumber == 3).Inputs["age"]);
        Assert.Equal("NA", records.Single(r => r.LineNumber == 4).Inputs["city"]);
        Assert.Equal(1, report.RowsDropped);
        Assert.Equal(8, report.Rows);
        Assert.Equal(2, report.MissingByColumn["age"]);
        Assert.Equal(2, report.MissingByColumn["city"]);
        Assert.Equal(0, report.MissingByColumn["score"]);
        Assert.Equal(1, report.MissingByColumn["label"]);
        Assert.Equal(5, report.TotalMissing);
        Assert.Equal("missing values: 5 cells (age 2, city 2, label 1); --missing keep: inputs kept as written; 1 of 8 rows dropped for a missing 'label' (nothing to score against).", report.Describe());
    }

    [Fact]
    public void SkipRow_DropsEveryRowWithAMissingCell()
    {
        var (records, report) = Load(MissingValuePolicy.SkipRow);
        Assert.Equal([2, 5, 7, 9], records.Select(r => r.LineNumber));
        Assert.Equal(4, report.RowsDropped);
        Assert.Contains("--missing skip-row: 4 of 8 rows dropped", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_NamesFileLineAndColumn()
    {
        var error = Assert.Throws<DataFormatException>(() => Load(MissingValuePolicy.Fail));
        Assert.Contains(":3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'age'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoMissingCells_NoNote()
    {
        var path = Write("a,label\n1,x\n2,y\n3,z\n");
        try
        {
            var task = DataFileTask.Create(path, ColumnSelection.Parse("a", "label"));
            Assert.Empty(task.DataNotes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DataFileTask_CarriesTheNote_AndUsesTheKeptRows()
    {
        var path = Write(Csv);
        try
        {
            var task = DataFileTask.Create(path, Columns, missing: MissingValuePolicy.SkipRow);
            Assert.Equal(4, task.Data.Train.Count + task.Data.Dev.Count + task.Data.Test.Count);
            Assert.StartsWith("missing values: 5 cells", Assert.Single(task.DataNotes), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Jsonl_NullIsMissing()
    {
        var path = Write("{\"age\":1,\"city\":null,\"score\":2,\"label\":\"yes\"}\n{\"age\":2,\"city\":\"Oslo\",\"score\":3,\"label\":null}\n", ".jsonl");
        try
        {
            var (records, report) = DataFileLoader.Load(path, Columns, MissingValuePolicy.Keep);
            Assert.Equal(string.Empty, Assert.Single(records).Inputs["city"]);
            Assert.Equal(1, report.MissingByColumn["city"]);
            Assert.Equal(1, report.MissingByColumn["label"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (IReadOnlyList<DataRecord> Records, MissingValueReport Report) Load(MissingValuePolicy policy)
    {
        var path = Write(Csv);
        try
        {
            return DataFileLoader.Load(path, Columns, policy);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Write(string text, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), $"bt-missing-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }
}
