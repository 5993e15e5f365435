using System.Collections.Concurrent;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>
/// A fine-tuner fake (our port): jobs run for a number of polls, optionally wait for <see cref="Release"/>,
/// then succeed with an adapter reference, or fail when <see cref="FailWith"/> is set.
/// </summary>
internal sealed class InMemoryFineTuner(int pollsUntilDone = 2, bool gated = false) : IFineTuner
{
    private readonly ConcurrentDictionary<string, int> _polls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FineTuneRequest> _requests = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _starts;

    public string? FailWith { get; init; }

    public int Starts => Volatile.Read(ref _starts);

    public IReadOnlyDictionary<string, FineTuneRequest> Requests => _requests;

    public void Release() => _released.TrySetResult();

    public Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _starts);
        _requests.TryAdd(jobId, request);
        _polls.TryAdd(jobId, 0);
        return Task.FromResult(new FineTuneJobStatus(jobId, FineTuneJobState.Queued));
    }

    public Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!_polls.ContainsKey(jobId))
        {
            throw new KeyNotFoundException($"No job '{jobId}'.");
        }

        var polls = _polls.AddOrUpdate(jobId, 1, (_, n) => n + 1);
        if (polls < pollsUntilDone || (gated && !_released.Task.IsCompleted))
        {
            return Task.FromResult(new FineTuneJobStatus(jobId, FineTuneJobState.Running, new FineTuneProgress(polls, pollsUntilDone, 1.0 / polls, 100)));
        }

        return Task.FromResult(FailWith is { } error
            ? new FineTuneJobStatus(jobId, FineTuneJobState.Failed, Error: error)
            : new FineTuneJobStatus(jobId, FineTuneJobState.Succeeded, Adapter: new AdapterReference(jobId, $"memory://adapters/{jobId}")));
    }

    public Task CancelAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
