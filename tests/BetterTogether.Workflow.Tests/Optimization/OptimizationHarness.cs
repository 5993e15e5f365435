using BetterTogether.Durable;
using BetterTogether.Storage;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>The BetterTogether orchestration on the real Durable engine, over an in-memory store, a scripted LM and a fake fine-tuner.</summary>
internal static class OptimizationHarness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The model id the harness's environment sends and trains on.</summary>
    public const string ModelId = "scripted-addition";

    public static OptimizationRunRequest Request(string strategy = "p -> w -> p") => AdditionTask.Request(strategy);

    public static async Task<OptimizationRuntime> StartAsync(DurableBackendOptions backend, InMemoryArtifactStore store, AdditionLm lm, InMemoryFineTuner fineTuner)
    {
        var environment = new OptimizationEnvironment(store, lm, ModelId, fineTuner, AdditionTask.Resolve);
        var runtime = OptimizationRuntime.Create(environment, backend);
        await runtime.StartAsync();
        return runtime;
    }

    public static async Task<OrchestrationMetadata> WaitAsync(this OptimizationRuntime runtime, string instanceId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await runtime.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

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

            await Task.Delay(20);
        }
    }

    public static async Task<T> ReadJsonAsync<T>(IArtifactStore store, string path)
        => await store.ReadJsonAsync<T>(path, ReportJson.Options) ?? throw new InvalidOperationException($"{path} is null");
}
