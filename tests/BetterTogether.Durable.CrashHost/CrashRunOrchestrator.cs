using Microsoft.DurableTask;

namespace BetterTogether.Durable.CrashHost;

/// <summary>Squares items 0 to n-1 in parallel activities and returns the sum.</summary>
internal sealed class CrashRunOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(0, input).Select(item => context.CallActivityAsync<int>(nameof(WorkActivity), item)));
        return squares.Sum();
    }
}
