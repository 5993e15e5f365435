using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Functions.Binding;

/// <summary>
/// Our orchestrators and activities by name, as the Durable functions resolve them. It mirrors
/// <see cref="WorkflowRegistry"/> (whose lookups are internal to the Workflow project): register here exactly what
/// the embedded host registers there, so both runtimes run the same code.
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, Func<IOrchestrator>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IActivity>> _activities = new(StringComparer.Ordinal);

    /// <summary>Registers an orchestrator.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="factory">Creates it for every episode.</param>
    /// <returns>This catalog.</returns>
    public WorkflowCatalog AddOrchestrator(string name, Func<IOrchestrator> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _orchestrators.Add(name, factory);
        return this;
    }

    /// <summary>Registers an activity.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="factory">Creates it for every execution.</param>
    /// <returns>This catalog.</returns>
    public WorkflowCatalog AddActivity(string name, Func<IActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _activities.Add(name, factory);
        return this;
    }

    /// <summary>The registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>Creates an orchestrator.</summary>
    /// <exception cref="KeyNotFoundException">None has that name.</exception>
    public IOrchestrator CreateOrchestrator(string name) =>
        _orchestrators.TryGetValue(name, out var f) ? f() : throw new KeyNotFoundException($"No orchestrator named '{name}' is registered.");

    /// <summary>Creates an activity.</summary>
    /// <exception cref="KeyNotFoundException">None has that name.</exception>
    public IActivity CreateActivity(string name) =>
        _activities.TryGetValue(name, out var f) ? f() : throw new KeyNotFoundException($"No activity named '{name}' is registered.");
}
