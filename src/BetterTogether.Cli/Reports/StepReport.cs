namespace BetterTogether.Cli.Reports;

/// <summary>One row of a run's results: the baseline or a strategy prefix, scored on the valset.</summary>
/// <param name="Strategy">The steps applied so far (<c>""</c> for the baseline), e.g. <c>"p -> w"</c>.</param>
/// <param name="Score">The valset score in percent, or null when the step failed or was not scored.</param>
/// <param name="Demos">Few-shot demos across the program's predictors.</param>
/// <param name="Adapter">The LoRA adapter the program uses after this step, or null for the base weights.</param>
/// <param name="LmCalls">LM calls this step made (cache hits excluded).</param>
/// <param name="InputTokens">Prompt tokens this step used.</param>
/// <param name="OutputTokens">Completion tokens this step used.</param>
/// <param name="Seconds">Wall-clock seconds the step took.</param>
/// <param name="Skipped">Why the step left the program unchanged, or null.</param>
internal sealed record StepReport(
    string Strategy,
    double? Score,
    int Demos,
    string? Adapter,
    long LmCalls,
    long InputTokens,
    long OutputTokens,
    double Seconds,
    string? Skipped = null)
{
    /// <summary>The label shown in tables and charts: <c>baseline</c> or the strategy prefix.</summary>
    public string Label => Strategy.Length == 0 ? "baseline" : Strategy;

    /// <summary>Prompt plus completion tokens.</summary>
    public long Tokens => InputTokens + OutputTokens;
}
