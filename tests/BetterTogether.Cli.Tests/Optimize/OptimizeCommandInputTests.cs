namespace BetterTogether.Cli.Tests.Optimize;

/// <summary>Bad input exits with code 2 and a message that says what is wrong and where.</summary>
public sealed class OptimizeCommandInputTests
{
    [Fact]
    public async Task Optimize_CsvMissingInputColumn_ExitCode2NamingFileLineAndColumn()
    {
        var work = OptimizeHarness.NewTempFolder("byo-missing");
        var csv = Path.Combine(work, "flowers.csv");
        await File.WriteAllTextAsync(csv, "size,color,label\n1,red,a\n2,blue,b\n3,red,a\n");

        var (exit, text) = await OptimizeHarness.RunAsync("--data", csv, "--inputs", "size,shape", "--output-field", "label", "--model", TinyModelFolder.Path, "--store", Path.Combine(work, "store"));

        Assert.Equal(2, exit);
        Assert.Contains("flowers.csv:1:", text, StringComparison.Ordinal);
        Assert.Contains("shape", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_CsvMalformedLine_ExitCode2NamingTheLine()
    {
        var work = OptimizeHarness.NewTempFolder("byo-malformed");
        var csv = Path.Combine(work, "bad.csv");
        await File.WriteAllTextAsync(csv, "size,label\n1,a\n2,b,extra\n3,a\n");

        var (exit, text) = await OptimizeHarness.RunAsync("--data", csv, "--inputs", "size", "--output-field", "label", "--model", TinyModelFolder.Path, "--store", Path.Combine(work, "store"));

        Assert.Equal(2, exit);
        Assert.Contains("bad.csv:3:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_EmptyJsonl_ExitCode2()
    {
        var work = OptimizeHarness.NewTempFolder("byo-empty");
        var jsonl = Path.Combine(work, "empty.jsonl");
        await File.WriteAllTextAsync(jsonl, string.Empty);

        var (exit, text) = await OptimizeHarness.RunAsync("--data", jsonl, "--inputs", "q", "--output-field", "a", "--model", TinyModelFolder.Path);

        Assert.Equal(2, exit);
        Assert.Contains("empty.jsonl", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_MissingModelFolder_ExitCode2WithHint()
    {
        var (exit, text) = await OptimizeHarness.RunAsync("--model", "no/such/model-folder");

        Assert.Equal(2, exit);
        Assert.Contains("no/such/model-folder", text, StringComparison.Ordinal);
        Assert.Contains("--lm-endpoint", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--task", "imagenet")]
    [InlineData("--strategy", "p -> x")]
    [InlineData("--candidates", "0")]
    public async Task Optimize_InvalidOption_ExitCode2(string option, string value)
    {
        var (exit, text) = await OptimizeHarness.RunAsync(option, value, "--model", TinyModelFolder.Path);

        Assert.True(exit == 2, text);
        Assert.Contains("error", text, StringComparison.Ordinal);
    }
}
