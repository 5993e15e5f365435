using System.Text.Json;
using System.Text.Json.Serialization;

namespace BetterTogether.Cli.Reports;

/// <summary>What <c>bt optimize</c> writes to <c>report.json</c>: the run's settings, the baseline and every step.</summary>
internal sealed record RunReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The durable run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The task name (<c>iris</c>, a data file's name, …).</summary>
    public required string Task { get; init; }

    /// <summary>The strategy, e.g. <c>p -> w -> p</c>.</summary>
    public required string Strategy { get; init; }

    /// <summary>The metric's name.</summary>
    public required string Metric { get; init; }

    /// <summary>The model (folder or endpoint model id).</summary>
    public required string Model { get; init; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; init; }

    /// <summary>Budgets and sizes the run used, by name (e.g. <c>train_size</c>).</summary>
    public IReadOnlyDictionary<string, int> Budgets { get; init; } = new Dictionary<string, int>();

    /// <summary>The baseline (first) and each strategy step, in run order.</summary>
    public required IReadOnlyList<StepReport> Steps { get; init; }

    /// <summary>The strategy prefix of the returned program (<c>""</c> for the baseline).</summary>
    public string BestStrategy { get; init; } = string.Empty;

    /// <summary>The returned program's valset score.</summary>
    public double? BestScore { get; init; }

    /// <summary>The returned program's test-set score, when it was measured.</summary>
    public double? TestScore { get; init; }

    /// <summary>Why the run stopped early, when a step failed.</summary>
    public string? Error { get; init; }

    /// <summary>LM calls this invocation made (0 when a rerun resumed a finished run from the store).</summary>
    public long LmCallsThisInvocation { get; init; }

    /// <summary>Total wall-clock seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The baseline row.</summary>
    [JsonIgnore]
    public StepReport? Baseline => Steps.Count > 0 && Steps[0].Strategy.Length == 0 ? Steps[0] : null;

    /// <summary>Serializes as indented snake_case JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads <c>report.json</c>.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static RunReport FromJson(string json) =>
        JsonSerializer.Deserialize<RunReport>(json, JsonOptions) ?? throw new JsonException("report.json is empty (null).");
}
