using BetterTogether.Core.FineTuning;

namespace BetterTogether.Hosting;

/// <summary>The fine-tuner when none is configured: weight steps fail with a message saying what to pass.</summary>
internal sealed class UnavailableFineTuner : IFineTuner
{
    private const string Message = "No fine-tuner is configured: weight steps (\"w\") need a local base model (--model <folder>) to train LoRA adapters on, or a training job fine-tuner.";

    public Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
        => throw new InvalidOperationException(Message);

    public Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
        => throw new InvalidOperationException(Message);

    public Task CancelAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
