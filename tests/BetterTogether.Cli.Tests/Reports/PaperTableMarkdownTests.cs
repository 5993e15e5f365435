using BetterTogether.Cli.PaperTable;

namespace BetterTogether.Cli.Tests.Reports;

public sealed class PaperTableMarkdownTests
{
    [Fact]
    public void Format_ScoresWithAFailure_MeanSampleSdAndFailureCount()
    {
        Assert.Equal("50.0 ± 14.1 (1 failed)", new PaperTableCell([40, 60, null]).Format());
        Assert.Equal("failed (2/2)", new PaperTableCell([null, null]).Format());
        Assert.Equal("12.5", new PaperTableCell([12.5]).Format());
    }

    [Fact]
    public void ToMarkdown_Grid_OneRowPerStrategyAndCombinedWinsCounted()
    {
        var results = new PaperTableResults();
        foreach (var (strategy, score) in new[] { ("", 10.0), ("p", 20.0), ("w", 15.0), ("p -> w", 18.0), ("w -> p", 16.0), ("p -> w -> p", 30.0) })
        {
            results.Add("iris", strategy, score);
        }

        var markdown = results.ToMarkdown(["iris"]);

        Assert.Equal(2 + PaperTableResults.Strategies.Count, markdown.TrimEnd().Split('\n').Length);
        Assert.Contains("| p → w → p | 30.0 |", markdown, StringComparison.Ordinal);
        Assert.Equal(["iris"], results.FamiliesWhereCombinedWins(["iris"]));
    }

    [Fact]
    public void Merge_ExistingSection_ReplacedAndSurroundingTextKept()
    {
        var first = ResultsDocument.Merge("# Results\n\nintro\n", "table one");
        var second = ResultsDocument.Merge(first + "\nafter\n", "table two");

        Assert.Contains("intro", second, StringComparison.Ordinal);
        Assert.Contains("after", second, StringComparison.Ordinal);
        Assert.Contains("table two", second, StringComparison.Ordinal);
        Assert.DoesNotContain("table one", second, StringComparison.Ordinal);
    }
}
