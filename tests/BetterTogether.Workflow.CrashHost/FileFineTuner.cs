using System.Globalization;
using System.Text.Json;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>
/// A fine-tuner (our port) whose jobs live in files (<c>{folder}/{jobId}.json</c>), so a job started by a killed process
/// is still there, with its poll count, for the restarted one, as a remote training service's would be. A job succeeds on
/// its <c>pollsUntilDone</c>-th status poll with an adapter whose reference depends only on the job id, so every run of
/// the same request serves the same adapter. Starts and polls are logged.
/// </summary>
internal sealed class FileFineTuner(string folder, int pollsUntilDone, AppendLog log, FreezePlan freeze) : IFineTuner
{
    public async Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (await TryReadAsync(jobId, cancellationToken) is { } existing)
        {
            return Describe(existing);
        }

        var job = new JobFile(jobId, request.Records.Count, 0, Cancelled: false);
        await WriteAsync(job, cancellationToken);
        log.Append($"start {jobId}");
        return Describe(job);
    }

    public async Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await TryReadAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"No fine-tuning job '{jobId}' in {folder}.");
        job = job with { Polls = job.Polls + 1 };
        await WriteAsync(job, cancellationToken);
        var status = Describe(job);
        log.Append(string.Create(CultureInfo.InvariantCulture, $"poll {jobId} {job.Polls} {status.State}"));
        await freeze.OnTrainingPollAsync(jobId, job.Polls);
        return status;
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (await TryReadAsync(jobId, cancellationToken) is { } job && !Describe(job).IsTerminal)
        {
            await WriteAsync(job with { Cancelled = true }, cancellationToken);
        }
    }

    private FineTuneJobStatus Describe(JobFile job)
    {
        if (job.Cancelled)
        {
            return new FineTuneJobStatus(job.JobId, FineTuneJobState.Cancelled);
        }

        if (job.Polls >= pollsUntilDone)
        {
            return new FineTuneJobStatus(job.JobId, FineTuneJobState.Succeeded, Adapter: new AdapterReference(job.JobId, $"crash-host://adapters/{job.JobId}"));
        }

        return job.Polls == 0
            ? new FineTuneJobStatus(job.JobId, FineTuneJobState.Queued)
            : new FineTuneJobStatus(job.JobId, FineTuneJobState.Running, new FineTuneProgress(job.Polls, pollsUntilDone, 1.0 / job.Polls, 100));
    }

    private string PathOf(string jobId) => Path.Combine(folder, jobId + ".json");

    private async Task<JobFile?> TryReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var path = PathOf(jobId);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<JobFile>(stream, cancellationToken: cancellationToken)
            ?? throw new InvalidDataException($"Fine-tuning job file {path} is empty.");
    }

    // Written aside and renamed into place: a SIGKILL leaves the old state or the new one, never half a file.
    private async Task WriteAsync(JobFile job, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(job.JobId);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(job), cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    private sealed record JobFile(string JobId, int Records, int Polls, bool Cancelled);
}
