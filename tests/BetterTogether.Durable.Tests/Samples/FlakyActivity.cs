using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Fails its first <see cref="FlakyRequest.FailingAttempts"/> attempts, then returns the attempt number.</summary>
internal sealed class FlakyActivity(ExecutionLog log) : TaskActivity<FlakyRequest, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, FlakyRequest input)
    {
        var attempt = log.Attempt(input.Key);
        if (attempt <= input.FailingAttempts)
        {
            throw input.Permanent
                ? new InvalidOperationException($"Attempt {attempt} of {input.Key} failed for good.")
                : new TransientSampleException($"Attempt {attempt} of {input.Key} failed for now.");
        }

        return Task.FromResult(attempt);
    }
}
