using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Calls <see cref="FlakyActivity"/>, retrying only transient failures (by the failure's exception type).</summary>
internal sealed class RetryOrchestrator : TaskOrchestrator<FlakyRequest, int>
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromMilliseconds(100))
    {
        HandleFailure = failure => failure.IsCausedBy<TransientSampleException>(),
    });

    public override Task<int> RunAsync(TaskOrchestrationContext context, FlakyRequest input) =>
        context.CallActivityAsync<int>(nameof(FlakyActivity), input, Retry);
}
