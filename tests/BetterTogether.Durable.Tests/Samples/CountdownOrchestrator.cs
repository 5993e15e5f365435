using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Runs one activity and continues as new with input - 1 until 0, then returns "liftoff".</summary>
internal sealed class CountdownOrchestrator : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        if (input > 0)
        {
            // One activity per execution, so each new execution has history of its own.
            await context.CallActivityAsync<int>(nameof(SquareActivity), input);
            context.ContinueAsNew(input - 1);
            return string.Empty;
        }

        return "liftoff";
    }
}
