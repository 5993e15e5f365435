using BetterTogether.Tasks.BringYourOwnData;

namespace BetterTogether.Tasks.Tests.BringYourOwnData;

public sealed class DataFileLoaderTests
{
    private static readonly ColumnSelection Columns = ColumnSelection.Parse("a, b", "label");

    private static IReadOnlyList<DataRecord> Csv(string text) =>
        DataFileLoader.Load(new StringReader(text), "data.csv", DataFileFormat.Csv, Columns);

    private static IReadOnlyList<DataRecord> Jsonl(string text) =>
        DataFileLoader.Load(new StringReader(text), "data.jsonl", DataFileFormat.JsonLines, Columns);

    [Fact]
    public void Load_CsvWithRfc4180Quoting_UnquotesFieldsAndKeepsLineNumbers()
    {
        var records = Csv("a,b,label,extra\r\n\"x, y\",\"say \"\"hi\"\"\",pos,1\n\"two\nlines\",b2,neg,2\n");

        Assert.Equal(2, records.Count);
        Assert.Equal("x, y", records[0].Inputs["a"]);
        Assert.Equal("say \"hi\"", records[0].Inputs["b"]);
        Assert.Equal("pos", records[0].Output);
        Assert.Equal(2, records[0].LineNumber);
        Assert.Equal("two\nlines", records[1].Inputs["a"]);
        Assert.Equal(3, records[1].LineNumber);
        Assert.False(records[0].Inputs.ContainsKey("extra"));
    }

    [Fact]
    public void Load_CsvWithoutTrailingNewline_ReadsLastRow()
    {
        var records = Csv("label,b,a\nyes,2,1");

        Assert.Single(records);
        Assert.Equal("1", records[0].Inputs["a"]);
        Assert.Equal("yes", records[0].Output);
    }

    [Fact]
    public void Load_CsvMissingColumn_NamesFileLineAndColumn()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv("a,label\n1,x\n"));

        Assert.Equal("data.csv", ex.FilePath);
        Assert.Equal(1, ex.LineNumber);
        Assert.Equal("b", ex.ColumnName);
        Assert.StartsWith("data.csv:1:1: missing column 'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CsvRaggedRow_NamesLineAndFirstMissingField()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv("a,b,label\n1,2,x\n3,4\n"));

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(3, ex.Column);
        Assert.StartsWith("data.csv:3:3: row has 2 fields but the header has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CsvEmptyFile_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv(string.Empty));

        Assert.StartsWith("data.csv:1:1: the file is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CsvHeaderOnly_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv("a,b,label\n"));

        Assert.Contains("no data rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CsvUnterminatedQuote_PointsAtTheOpeningQuote()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv("a,b,label\n1,\"oops,x\n"));

        Assert.StartsWith("data.csv:2:3: unterminated quoted field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CsvTextAfterClosingQuote_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv("a,b,label\n\"1\"x,2,y\n"));

        Assert.Equal(2, ex.LineNumber);
        Assert.Equal(4, ex.Column);
    }

    [Fact]
    public void Load_CsvEmptyOutputValue_NamesTheOutputColumn()
    {
        var ex = Assert.Throws<DataFormatException>(() => Csv("a,b,label\n1,2, \n"));

        Assert.Equal("label", ex.ColumnName);
        Assert.StartsWith("data.csv:2:3:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Jsonl_ReadsStringsAndRawNumbers()
    {
        var records = Jsonl("{\"a\": \"hello\", \"b\": 3.5, \"label\": \"pos\"}\n\n{\"a\": \"x\", \"b\": true, \"label\": 1}\n");

        Assert.Equal(2, records.Count);
        Assert.Equal("3.5", records[0].Inputs["b"]);
        Assert.Equal("true", records[1].Inputs["b"]);
        Assert.Equal("1", records[1].Output);
        Assert.Equal(3, records[1].LineNumber);
    }

    [Fact]
    public void Load_JsonlMalformedLine_NamesLineAndCharacter()
    {
        var ex = Assert.Throws<DataFormatException>(() => Jsonl("{\"a\":1,\"b\":2,\"label\":3}\n{\"a\": 1, \"b\" 2}\n"));

        Assert.Equal(2, ex.LineNumber);
        Assert.Equal(14, ex.Column);
        Assert.StartsWith("data.jsonl:2:14: malformed JSON", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void Load_JsonlMissingKey_NamesColumn()
    {
        var ex = Assert.Throws<DataFormatException>(() => Jsonl("{\"a\":1,\"label\":3}\n"));

        Assert.Equal("b", ex.ColumnName);
        Assert.StartsWith("data.jsonl:1:1: missing column 'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonlNotAnObject_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => Jsonl("[1,2]\n"));

        Assert.Contains("expected a JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonlEmpty_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => Jsonl("\n\n"));

        Assert.Contains("the file is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileOnDisk_UsesExtensionAndPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bt-byo-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,b,label\n1,2\n");
        try
        {
            var ex = Assert.Throws<DataFormatException>(() => DataFileLoader.Load(path, Columns));
            Assert.StartsWith($"{path}:2:3:", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("x.txt")]
    [InlineData("x")]
    public void FormatOf_UnknownExtension_Throws(string path)
    {
        Assert.Throws<NotSupportedException>(() => DataFileLoader.FormatOf(path));
    }

    [Fact]
    public void ColumnSelection_OutputAlsoInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ColumnSelection.Parse("a,label", "label"));
        Assert.Throws<ArgumentException>(() => ColumnSelection.Parse("a,a", "label"));
        Assert.Throws<ArgumentException>(() => ColumnSelection.Parse(" , ", "label"));
    }
}
