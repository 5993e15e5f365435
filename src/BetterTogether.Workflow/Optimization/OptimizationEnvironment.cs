using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Optimization;

/// <summary>An <see cref="IOptimizationEnvironment"/> assembled from its parts; tasks are resolved once per (name, seed).</summary>
public sealed class OptimizationEnvironment : IOptimizationEnvironment
{
    private readonly Func<string, int, OptimizationTask> _resolveTask;
    private readonly Dictionary<(string, int), Lazy<OptimizationTask>> _tasks = [];
    private readonly Lock _lock = new();

    /// <summary>Creates the environment.</summary>
    /// <param name="store">The artifact store.</param>
    /// <param name="chatClient">The LM's chat client.</param>
    /// <param name="modelId">The base model id.</param>
    /// <param name="fineTuner">The fine-tuner.</param>
    /// <param name="resolveTask">Resolves a task by name and seed; throws <see cref="ArgumentException"/> for an unknown name.</param>
    /// <param name="timeProvider">The activities' clock; the system clock when null.</param>
    public OptimizationEnvironment(IArtifactStore store, IChatClient chatClient, string modelId, IFineTuner fineTuner, Func<string, int, OptimizationTask> resolveTask, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(fineTuner);
        ArgumentNullException.ThrowIfNull(resolveTask);
        Store = store;
        ChatClient = chatClient;
        ModelId = modelId;
        FineTuner = fineTuner;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _resolveTask = resolveTask;
    }

    /// <inheritdoc/>
    public IArtifactStore Store { get; }

    /// <inheritdoc/>
    public IChatClient ChatClient { get; }

    /// <inheritdoc/>
    public string ModelId { get; }

    /// <inheritdoc/>
    public IFineTuner FineTuner { get; }

    /// <inheritdoc/>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc/>
    public OptimizationTask GetTask(string name, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Lazy<OptimizationTask> entry;
        lock (_lock)
        {
            var key = (name.Trim().ToUpperInvariant(), seed);
            if (!_tasks.TryGetValue(key, out entry!))
            {
                entry = new Lazy<OptimizationTask>(() => _resolveTask(name, seed));
                _tasks[key] = entry;
            }
        }

        try
        {
            return entry.Value;
        }
        catch (ArgumentException)
        {
            lock (_lock)
            {
                _tasks.Remove((name.Trim().ToUpperInvariant(), seed));
            }

            throw;
        }
    }
}
