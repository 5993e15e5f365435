using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Durable.Worker;

/// <summary>Runs an activity shim and then ends the service scope its activity was created in.</summary>
internal sealed class ScopedTaskActivity(AsyncServiceScope scope, TaskActivity inner) : TaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run through RunAsync.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        await using (scope.ConfigureAwait(false))
        {
            return await inner.RunAsync(context, input).ConfigureAwait(false);
        }
    }
}
