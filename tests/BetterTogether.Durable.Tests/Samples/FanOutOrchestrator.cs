using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Squares 1 to n in parallel activities and returns the sum (fan-out/fan-in).</summary>
internal sealed class FanOutOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(SquareActivity), i)));
        return squares.Sum();
    }
}
