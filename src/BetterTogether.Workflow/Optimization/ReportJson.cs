using System.Text.Json;

namespace BetterTogether.Workflow.Optimization;

/// <summary>The JSON convention of <c>report.json</c> (web defaults: camelCase, indented).</summary>
public static class ReportJson
{
    /// <summary>The serializer options of reports.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
