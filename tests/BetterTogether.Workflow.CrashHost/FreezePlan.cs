namespace BetterTogether.Workflow.CrashHost;

/// <summary>
/// Where this process hangs on purpose, so that the test's SIGKILL lands at a known point instead of wherever a timer
/// happens to fire: with one activity at a time, a process frozen inside an LM call has no other LM call between its
/// answer and its cache entry, and no artifact half-written. On freezing it writes <c>frozen</c> (saying where) in the
/// work folder for the test to wait on, then never returns.
/// </summary>
internal sealed class FreezePlan(string markerPath, int? afterCandidates, int? atPoll)
{
    private int _candidatesWritten;

    /// <summary>Counts the random-search candidates this process has written (see <c>RunArtifacts.Candidate</c>).</summary>
    public void OnArtifactWritten(string path)
    {
        if (path.Contains("/candidates/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _candidatesWritten);
        }
    }

    /// <summary>Hangs the LM call that follows the configured number of candidate writes (a candidate fan-out in flight).</summary>
    public Task BeforeLmCallAsync()
        => afterCandidates is { } count && Volatile.Read(ref _candidatesWritten) >= count
            ? HangAsync($"in an LM call after {count} candidate program(s) were written")
            : Task.CompletedTask;

    /// <summary>Hangs the configured fine-tuning status poll (a weight step waiting for training).</summary>
    public Task OnTrainingPollAsync(string jobId, int poll)
        => atPoll == poll ? HangAsync($"in status poll {poll} of fine-tuning job {jobId}") : Task.CompletedTask;

    private async Task HangAsync(string where)
    {
        var temp = markerPath + ".tmp";
        await File.WriteAllTextAsync(temp, where);
        File.Move(temp, markerPath, overwrite: true);
        await Console.Error.WriteLineAsync($"crash-host: frozen {where}; waiting to be killed");
        await Task.Delay(Timeout.Infinite);
    }
}
