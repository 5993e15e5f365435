using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Optimizers;

namespace BetterTogether.Cli.Optimize;

/// <summary>The fine-tuner of a run on a remote endpoint: weight steps fail with a message saying why (prompt steps work).</summary>
internal sealed class UnavailableFineTuner(string lm) : IFineTuner
{
    /// <inheritdoc />
    public Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default) =>
        throw new FineTuneFailedException($"Weight steps (w) need a local model to fine-tune; {lm} is a remote endpoint. Use --strategy p, or --model FOLDER.");

    /// <inheritdoc />
    public Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default) =>
        throw new FineTuneFailedException($"No fine-tuning job '{jobId}': {lm} is a remote endpoint.");

    /// <inheritdoc />
    public Task CancelAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
