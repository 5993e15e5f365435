namespace BetterTogether.TrainingJobs.Specs;

/// <summary>
/// Where a job's artifacts live in the store: <c>{root}/{jobId}/spec.json</c>, <c>data.jsonl</c>,
/// <c>status.json</c>, <c>dispatch.json</c> and the adapter folder <c>adapter/</c>.
/// </summary>
public sealed record TrainingJobLayout
{
    /// <summary>The default root folder.</summary>
    public const string DefaultRoot = "training-jobs";

    /// <summary>The status file name; a trainer that cannot read its spec writes here, next to the spec.</summary>
    public const string StatusFileName = "status.json";

    /// <summary>Creates the layout of <paramref name="jobId"/> under <paramref name="root"/>.</summary>
    /// <param name="root">Root folder, e.g. <c>training-jobs</c> or <c>runs/{instanceId}/training</c>.</param>
    /// <param name="jobId">The job id (one path segment).</param>
    /// <exception cref="ArgumentException">The job id is not a single path segment.</exception>
    public TrainingJobLayout(string root, string jobId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (jobId.Contains('/', StringComparison.Ordinal) || jobId.Contains('\\', StringComparison.Ordinal) || jobId is "." or "..")
        {
            throw new ArgumentException($"Job id '{jobId}' must be a single path segment.", nameof(jobId));
        }

        Folder = $"{root.TrimEnd('/')}/{jobId}";
    }

    /// <summary>The job's folder.</summary>
    public string Folder { get; }

    /// <summary>The spec document.</summary>
    public string SpecPath => Folder + "/spec.json";

    /// <summary>The chat JSONL training data.</summary>
    public string DataPath => Folder + "/data.jsonl";

    /// <summary>The status document.</summary>
    public string StatusPath => Folder + "/" + StatusFileName;

    /// <summary>The dispatch record (which execution runs the job).</summary>
    public string DispatchPath => Folder + "/dispatch.json";

    /// <summary>The checkpoint folder.</summary>
    public string CheckpointPath => Folder + "/checkpoint";

    /// <summary>The adapter folder.</summary>
    public string AdapterPath => Folder + "/adapter";

    /// <summary>The status path a trainer falls back to when it cannot read the spec at <paramref name="specPath"/>.</summary>
    /// <param name="specPath">The spec's store path.</param>
    /// <returns><c>status.json</c> next to the spec.</returns>
    public static string FallbackStatusPath(string specPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(specPath);
        var slash = specPath.LastIndexOf('/');
        return slash < 0 ? StatusFileName : specPath[..(slash + 1)] + StatusFileName;
    }
}
