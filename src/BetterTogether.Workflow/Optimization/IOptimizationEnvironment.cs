using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// What the optimization activities need from their host: the artifact store, the LM, the fine-tuner
/// and the tasks by name. The host (<c>bt</c>, Azure Functions) implements it; Workflow never references
/// the engine or the task catalogue directly.
/// </summary>
public interface IOptimizationEnvironment
{
    /// <summary>Where run artifacts and the LM response cache live.</summary>
    IArtifactStore Store { get; }

    /// <summary>The chat client of the LM being optimized (uncached; the activities add caching and metering).</summary>
    IChatClient ChatClient { get; }

    /// <summary>The base model id sent with every request and trained on by weight steps.</summary>
    string ModelId { get; }

    /// <summary>Trains LoRA adapters for weight steps.</summary>
    IFineTuner FineTuner { get; }

    /// <summary>The clock activities measure their durations with.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Resolves a task by name.</summary>
    /// <param name="name">The task name from the run request.</param>
    /// <param name="seed">The run seed (chooses generated data and splits).</param>
    /// <exception cref="ArgumentException">No task has that name.</exception>
    OptimizationTask GetTask(string name, int seed);
}
