using BetterTogether.Workflow.Embedded;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Tests.Fakes;

/// <summary>Builds embedded runtimes over a shared in-memory store, with bounded waits.</summary>
internal static class TestHost
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<EmbeddedOrchestrationRuntime> StartAsync(InMemoryArtifactStore store, WorkflowRegistry registry, TimeProvider? time = null, int maxConcurrentActivities = 4)
    {
        var runtime = new EmbeddedOrchestrationRuntime(store, registry, new EmbeddedRuntimeOptions { MaxConcurrentActivities = maxConcurrentActivities, StatusPollInterval = TimeSpan.FromMilliseconds(50) }, time);
        await runtime.StartAsync();
        return runtime;
    }

    public static Task<OrchestrationMetadata> WaitAsync(this IOrchestrationClient client, string instanceId)
        => client.WaitForInstanceCompletionAsync(instanceId).WaitAsync(Timeout);

    /// <summary>Polls until <paramref name="condition"/> holds, failing after <see cref="Timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static Task UntilStatusAsync(this IOrchestrationClient client, string instanceId, OrchestrationRuntimeStatus status)
        => UntilAsync(async () => (await client.GetInstanceAsync(instanceId))?.RuntimeStatus == status, $"instance {instanceId} to be {status}");
}
