using System.Text.Encodings.Web;
using System.Text.Json;

namespace BetterTogether.Workflow.Optimization;

/// <summary>The JSON convention of <c>report.json</c> (web defaults: camelCase, indented): one serializer for every copy of the report.</summary>
public static class ReportJson
{
    /// <summary>The serializer options of reports.</summary>
    /// <remarks>
    /// Relaxed escaping keeps strategies readable (<c>"p -&gt; w"</c>, not <c>"p -\u003E w"</c>): report.json is a document
    /// of its own, served as <c>application/json</c> and never inlined into a page (report.html encodes every value itself).
    /// </remarks>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text of <c>report.json</c>: the same bytes wherever the report is written.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented camelCase JSON.</returns>
    public static string Serialize(OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    /// <summary>Reads <c>report.json</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">The text is not a report, or is JSON <c>null</c>.</exception>
    public static OptimizationReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<OptimizationReport>(json, Options) ?? throw new JsonException("report.json holds null, not a report.");
    }
}
