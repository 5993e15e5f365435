namespace BetterTogether.Workflow.Optimization;

/// <summary>The registered names of the optimization orchestration and its activities.</summary>
public static class OptimizationActivityNames
{
    /// <summary>The orchestration.</summary>
    public const string Orchestration = "BetterTogether";

    /// <summary>Writes data splits and the baseline program.</summary>
    public const string PrepareData = "PrepareData";

    /// <summary>Scores one shard of a split for one program.</summary>
    public const string Evaluate = "Evaluate";

    /// <summary>Builds one random-search candidate.</summary>
    public const string BootstrapCandidate = "BootstrapCandidate";

    /// <summary>Traces one shard of the trainset.</summary>
    public const string CollectTraces = "CollectTraces";

    /// <summary>Builds the chat-JSONL fine-tuning datasets.</summary>
    public const string BuildFinetuneData = "BuildFinetuneData";

    /// <summary>Starts a fine-tuning job.</summary>
    public const string StartTraining = "StartTraining";

    /// <summary>Reads a fine-tuning job's status.</summary>
    public const string GetTrainingStatus = "GetTrainingStatus";

    /// <summary>Applies trained adapters to the program.</summary>
    public const string ApplyAdapters = "ApplyAdapters";

    /// <summary>Writes the report and the best program.</summary>
    public const string Report = "Report";
}
