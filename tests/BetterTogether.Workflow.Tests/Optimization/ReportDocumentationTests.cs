using System.Text.Json;
using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>The <c>report.json</c> example in docs/ARTIFACTS.md against a real run's report.</summary>
public sealed class ReportDocumentationTests : IDisposable
{
    /// <summary>Properties whose keys are data (predictor names), not schema.</summary>
    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal) { "demosPerPredictor", "byPredictor" };

    private readonly DurableBackends.Embedded _backends = new();

    public void Dispose() => _backends.Dispose();

    [Fact]
    public async Task ArtifactsDocExample_PromptWeightPromptRun_ParsesAndHasTheRealReportsFields()
    {
        var store = new InMemoryArtifactStore();
        await using var runtime = await OptimizationHarness.StartAsync(_backends.Create(), store, new AdditionLm(), new InMemoryFineTuner());
        var id = await runtime.StartRunAsync(OptimizationHarness.Request(), "run-doc");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runtime.WaitAsync(id)).RuntimeStatus);
        var real = await store.ReadTextAsync(RunArtifacts.Report(id));
        var documented = DocumentedExample();

        var example = ReportJson.Deserialize(documented);

        Assert.Equal(Normalized(Fields(real)), Normalized(Fields(documented)));
        Assert.Equal(["p", "p -> w", "p -> w -> p"], example.Steps.Select(s => s.Strategy));
    }

    /// <summary>
    /// The fields of a failing example are one schema wherever an evaluation has one, but which evaluations have one is
    /// data (the real run's fine-tuned program answers every test example right): compare them once, not per evaluation.
    /// </summary>
    private static SortedSet<string> Normalized(SortedSet<string> fields) =>
        new(fields.Select(f => System.Text.RegularExpressions.Regex.Replace(f, @"^.*[oO]utcomes\.failures\[\]\.", "*.failures[].")), StringComparer.Ordinal);

    /// <summary>Every property path of a JSON document (<c>steps[].usage.calls</c>; map keys as <c>*</c>), sorted.</summary>
    private static SortedSet<string> Fields(string json)
    {
        using var document = JsonDocument.Parse(json);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        Collect(document.RootElement, string.Empty, isMap: false, fields);
        return fields;
    }

    private static void Collect(JsonElement element, string path, bool isMap, SortedSet<string> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = $"{path}{(path.Length == 0 ? string.Empty : ".")}{(isMap ? "*" : property.Name)}";
                    fields.Add(child);
                    Collect(property.Value, child, Maps.Contains(property.Name) && !isMap, fields);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, path + "[]", isMap: false, fields);
                }

                break;
        }
    }

    /// <summary>The first <c>```json</c> block under the "## Report" heading of docs/ARTIFACTS.md.</summary>
    private static string DocumentedExample()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BetterTogether.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var doc = File.ReadAllText(Path.Combine(root.FullName, "docs", "ARTIFACTS.md"));
        var section = doc.IndexOf("\n## Report", StringComparison.Ordinal);
        Assert.True(section >= 0, "docs/ARTIFACTS.md has no '## Report' section.");
        var start = doc.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = doc.IndexOf("\n```", start, StringComparison.Ordinal);
        return doc[start..end];
    }
}
