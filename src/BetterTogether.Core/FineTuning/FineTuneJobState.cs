namespace BetterTogether.Core.FineTuning;

/// <summary>Lifecycle of a fine-tuning job.</summary>
public enum FineTuneJobState
{
    /// <summary>Accepted, not yet training.</summary>
    Queued,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Finished; the adapter is available.</summary>
    Succeeded,

    /// <summary>Failed; see the error.</summary>
    Failed,

    /// <summary>Cancelled on request.</summary>
    Cancelled,
}
