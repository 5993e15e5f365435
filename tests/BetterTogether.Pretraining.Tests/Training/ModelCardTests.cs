using BetterTogether.Pretraining.Training;

namespace BetterTogether.Pretraining.Tests.Training;

public sealed class ModelCardTests
{
    [Fact]
    public void WriteGateSection_Twice_ReplacesTheSectionAndKeepsTheRest()
    {
        var folder = Directory.CreateTempSubdirectory("bt-card-").FullName;
        try
        {
            var result = new PretrainResult(new PretrainOptions { OutputFolder = folder }, 10, 1, 1000, 250, 5, 5, [(5, 2.5)], TimeSpan.FromMinutes(1), 1234);
            ModelCard.Write(folder, result);
            ModelCard.WriteGateSection(folder, "## Quality gate\n\nGATE-ONE");
            ModelCard.WriteGateSection(folder, "## Quality gate\n\nGATE-TWO");
            ModelCard.Write(folder, result);

            var text = File.ReadAllText(Path.Combine(folder, "README.md"));
            Assert.Contains("GATE-TWO", text, StringComparison.Ordinal);
            Assert.DoesNotContain("GATE-ONE", text, StringComparison.Ordinal);
            Assert.Contains("| 5 | 2.500 |", text, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "quality-gate:start"));

            // The drill shares come from the corpus the pretrainer generates (the committed card says 12, 22 and 12 %).
            Assert.Contains("reading (12 % of the documents)", text, StringComparison.Ordinal);
            Assert.Contains("problems' shapes; 22 %)", text, StringComparison.Ordinal);
            Assert.Contains("next to a threshold; 12 %)", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
