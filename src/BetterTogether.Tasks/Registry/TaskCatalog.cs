using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Tasks.Registry;

/// <summary>Resolves the built-in tasks (<see cref="TaskRegistry"/>) for the optimization workflow.</summary>
public static class TaskCatalog
{
    /// <summary>The task names.</summary>
    public static IReadOnlyList<string> Names => TaskRegistry.Names;

    /// <summary>True when <paramref name="name"/> names a built-in task (case-insensitive).</summary>
    public static bool Contains(string? name) => name is not null && Names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds a task for the workflow.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known tasks.</exception>
    public static OptimizationTask Resolve(string name, int seed) => FromDefinition(TaskRegistry.Get(name, seed));

    /// <summary>Adapts a task definition (built-in or from a data file) to the workflow's view of a task.</summary>
    public static OptimizationTask FromDefinition(TaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new OptimizationTask(definition.Name, definition.CreateProgram, definition.Data.Train, definition.Data.Dev, definition.Data.Test, definition.Metric, definition.MetricName);
    }
}
