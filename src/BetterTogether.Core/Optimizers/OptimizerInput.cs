using BetterTogether.Core.Examples;
using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>The data an <see cref="IOptimizer"/> compiles with.</summary>
/// <param name="Trainset">Training examples (with input keys).</param>
/// <param name="Valset">Validation examples, when the optimizer uses them.</param>
/// <param name="Teachers">
/// Teacher programs, when given. The prompt optimizers take at most one (as DSPy's do) and refuse a longer list
/// (<see cref="SingleTeacher"/>); <see cref="BootstrapFinetune"/> collects traces from each.
/// </param>
/// <param name="FineTuneSeed">
/// Seeds a fine-tuning optimizer's data shuffle and job in place of its own option; BetterTogether sets it
/// (<see cref="BetterTogetherStepPolicy.FineTuneSeed"/>). Optimizers that do not fine-tune ignore it.
/// </param>
public sealed record OptimizerInput(IReadOnlyList<Example> Trainset, IReadOnlyList<Example>? Valset = null, IReadOnlyList<LmProgram>? Teachers = null, int? FineTuneSeed = null)
{
    /// <summary>The one teacher of an optimizer that takes one: null when none was given.</summary>
    /// <param name="optimizer">The optimizer's name, for the message.</param>
    /// <exception cref="ArgumentException">More than one teacher was given: silently keeping the first would ignore the others.</exception>
    public LmProgram? SingleTeacher(string optimizer) => Teachers switch
    {
        null or { Count: 0 } => null,
        { Count: 1 } => Teachers[0],
        _ => throw new ArgumentException(
            $"{optimizer} takes one teacher (as DSPy's does); {Teachers.Count} were given. Pass one, or use BootstrapFinetune, which collects traces from each teacher.",
            nameof(Teachers)),
    };
}
