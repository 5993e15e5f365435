using System.Collections.Concurrent;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Core.Tests.TestSupport;

/// <summary>
/// An in-memory <see cref="IFineTuner"/> for control-flow tests: a job is queued on start, running on the first
/// status read, and ends on the second (succeeded with an adapter, or failed when <see cref="FailJobs"/>).
/// </summary>
internal sealed class InMemoryFineTuner : IFineTuner
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new();

    public bool FailJobs { get; init; }

    public IReadOnlyCollection<FineTuneRequest> Requests => [.. _jobs.Values.Select(j => j.Request)];

    public int StartCalls { get; private set; }

    public Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        request.Validate();
        StartCalls++;
        var job = _jobs.GetOrAdd(jobId, id => new Job(request, new FineTuneJobStatus(id, FineTuneJobState.Queued)));
        return Task.FromResult(job.Status);
    }

    public Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            throw new KeyNotFoundException($"No fine-tuning job \"{jobId}\".");
        }

        lock (job)
        {
            if (!job.Status.IsTerminal)
            {
                var total = job.Request.Records.Count;
                job.Status = job.Status.State == FineTuneJobState.Queued
                    ? job.Status with { State = FineTuneJobState.Running, Progress = new FineTuneProgress(0, total, 2.0, 0) }
                    : FailJobs
                        ? job.Status with { State = FineTuneJobState.Failed, Error = "loss diverged (NaN)" }
                        : job.Status with { State = FineTuneJobState.Succeeded, Progress = new FineTuneProgress(total, total, 0.1, 100), Adapter = new AdapterReference(job.Request.AdapterName, $"mem://adapters/{job.Request.AdapterName}") };
            }

            return Task.FromResult(job.Status);
        }
    }

    public Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            throw new KeyNotFoundException($"No fine-tuning job \"{jobId}\".");
        }

        lock (job)
        {
            if (!job.Status.IsTerminal)
            {
                job.Status = job.Status with { State = FineTuneJobState.Cancelled };
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Job(FineTuneRequest request, FineTuneJobStatus status)
    {
        public FineTuneRequest Request { get; } = request;

        public FineTuneJobStatus Status { get; set; } = status;
    }
}
