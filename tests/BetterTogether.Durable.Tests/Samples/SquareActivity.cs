using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Squares a number; constructor-injected with a singleton log and a scoped service.</summary>
internal sealed class SquareActivity(ExecutionLog log, ActivityScope scope) : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input)
    {
        log.Squares.Add((input, scope.Id));
        return Task.FromResult(input * input);
    }
}
