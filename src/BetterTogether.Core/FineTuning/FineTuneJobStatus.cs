using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Core.FineTuning;

/// <summary>A snapshot of a fine-tuning job.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="State">Where the job is in its lifecycle.</param>
/// <param name="Progress">The latest progress report, if any.</param>
/// <param name="Adapter">The trained adapter, once <see cref="FineTuneJobState.Succeeded"/>.</param>
/// <param name="Error">Why the job failed, once <see cref="FineTuneJobState.Failed"/>.</param>
public sealed record FineTuneJobStatus(
    string JobId,
    FineTuneJobState State,
    FineTuneProgress? Progress = null,
    AdapterReference? Adapter = null,
    string? Error = null)
{
    /// <summary>True once the job can no longer change.</summary>
    public bool IsTerminal => State is FineTuneJobState.Succeeded or FineTuneJobState.Failed or FineTuneJobState.Cancelled;
}
