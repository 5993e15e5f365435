using System.Globalization;

namespace BetterTogether.Workflow.Optimization;

/// <summary>The artifact layout of a run under <c>runs/{instanceId}/</c> (documented in docs/ARTIFACTS.md). Names are deterministic, so activities are idempotent.</summary>
public static class RunArtifacts
{
    /// <summary>The folder of every run.</summary>
    public const string RunsPrefix = "runs";

    /// <summary>The LM response cache folder.</summary>
    public const string LmCachePrefix = "cache/lm";

    /// <summary>The folder of the adapters weight steps trained (shared by runs, like the LM cache: job ids are content hashes).</summary>
    public const string AdaptersPrefix = "adapters";

    /// <summary>The run's folder.</summary>
    public static string Root(string runId) => $"{RunsPrefix}/{runId}";

    /// <summary>A data split as JSONL (one example per line): <c>train</c>, <c>val</c> or <c>test</c>.</summary>
    public static string Split(string runId, string split) => $"{Root(runId)}/data/{split}.jsonl";

    /// <summary>A step's folder; step 0 is the baseline.</summary>
    public static string Step(string runId, int step) => $"{Root(runId)}/steps/{step.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The program state a step produced (baseline and weight steps).</summary>
    public static string StepProgram(string runId, int step) => $"{Step(runId, step)}/program.json";

    /// <summary>A random-search candidate's program state.</summary>
    public static string Candidate(string runId, int step, int seed) => $"{Step(runId, step)}/candidates/{seed.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary>One shard of a trace collection (JSONL, one traced example per line).</summary>
    public static string Traces(string runId, int step, int shard, int shards) => $"{Step(runId, step)}/traces/{ShardName(shard, shards)}.jsonl";

    /// <summary>The fine-tuning data manifest of a weight step.</summary>
    public static string FinetuneManifest(string runId, int step) => $"{Step(runId, step)}/finetune/datasets.json";

    /// <summary>One fine-tuning dataset (OpenAI chat JSONL).</summary>
    public static string FinetuneData(string runId, int step, string jobId) => $"{Step(runId, step)}/finetune/{jobId}.jsonl";

    /// <summary>The evaluation of one shard of a split for the program at <paramref name="programPath"/>, next to it.</summary>
    public static string Evaluation(string programPath, string split, int shard, int shards)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(programPath);
        var stem = programPath.EndsWith(".json", StringComparison.Ordinal) ? programPath[..^5] : programPath;
        return $"{stem}.eval/{split}/{ShardName(shard, shards)}.json";
    }

    /// <summary>
    /// The PEFT adapter a fine-tuning job trained (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>), the
    /// <see cref="Core.LanguageModels.AdapterReference.Location"/> programs name. Job fine-tuners keep theirs in their
    /// own folder instead (<c>training-jobs/{jobId}/adapter</c>), also in the store.
    /// </summary>
    public static string Adapter(string jobId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        return $"{AdaptersPrefix}/{jobId}";
    }

    /// <summary>The final report.</summary>
    public static string Report(string runId) => $"{Root(runId)}/report.json";

    /// <summary>The best program's state (with its adapter reference).</summary>
    public static string Program(string runId) => $"{Root(runId)}/program.json";

    private static string ShardName(int shard, int shards) =>
        string.Create(CultureInfo.InvariantCulture, $"shard-{shard:D3}-of-{shards:D3}");
}
