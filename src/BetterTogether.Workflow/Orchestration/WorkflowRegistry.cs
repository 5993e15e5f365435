namespace BetterTogether.Workflow.Orchestration;

/// <summary>Orchestrators and activities by name (ordinal, case-sensitive), as the runtime resolves them.</summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<string, Func<IOrchestrator>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IActivity>> _activities = new(StringComparer.Ordinal);

    /// <summary>Registers an orchestrator; <paramref name="factory"/> is called for every episode (replay).</summary>
    /// <exception cref="ArgumentException">The name is already registered.</exception>
    public WorkflowRegistry AddOrchestrator(string name, Func<IOrchestrator> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_orchestrators.TryAdd(name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an orchestrator function.</summary>
    public WorkflowRegistry AddOrchestrator<TInput, TOutput>(string name, Func<IOrchestrationContext, TInput, Task<TOutput>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return AddOrchestrator(name, () => new FuncOrchestrator<TInput, TOutput>(run));
    }

    /// <summary>Registers an activity; <paramref name="factory"/> is called for every execution.</summary>
    /// <exception cref="ArgumentException">The name is already registered.</exception>
    public WorkflowRegistry AddActivity(string name, Func<IActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an activity function.</summary>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, CancellationToken, Task<TOutput>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return AddActivity(name, () => new FuncActivity<TInput, TOutput>(run));
    }

    /// <summary>True when an orchestrator named <paramref name="name"/> is registered.</summary>
    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    /// <summary>The registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>Creates the orchestrator registered as <paramref name="name"/> (a new instance per episode), or null when none is.</summary>
    public IOrchestrator? CreateOrchestrator(string name) => _orchestrators.TryGetValue(name, out var f) ? f() : null;

    /// <summary>Creates the activity registered as <paramref name="name"/> (a new instance per execution), or null when none is.</summary>
    public IActivity? CreateActivity(string name) => _activities.TryGetValue(name, out var f) ? f() : null;

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<IOrchestrationContext, TInput, Task<TOutput>> run) : Orchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(IOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<ActivityContext, TInput, CancellationToken, Task<TOutput>> run) : Activity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(ActivityContext context, TInput input, CancellationToken cancellationToken = default)
            => run(context, input, cancellationToken);
    }
}
