using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Waits on a durable timer for the given milliseconds and returns the orchestration-time milliseconds that passed.</summary>
internal sealed class TimerOrchestrator : TaskOrchestrator<int, double>
{
    public override async Task<double> RunAsync(TaskOrchestrationContext context, int input)
    {
        var start = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(input), CancellationToken.None);
        return (context.CurrentUtcDateTime - start).TotalMilliseconds;
    }
}
