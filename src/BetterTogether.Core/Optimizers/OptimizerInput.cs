using BetterTogether.Core.Examples;
using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>The data an <see cref="IOptimizer"/> compiles with.</summary>
/// <param name="Trainset">Training examples (with input keys).</param>
/// <param name="Valset">Validation examples, when the optimizer uses them.</param>
/// <param name="Teachers">Teacher programs, when given; optimizers that take one use the first.</param>
/// <param name="FineTuneSeed">
/// Seeds a fine-tuning optimizer's data shuffle and job in place of its own option; BetterTogether sets it
/// (<see cref="BetterTogetherStepPolicy.FineTuneSeed"/>). Optimizers that do not fine-tune ignore it.
/// </param>
public sealed record OptimizerInput(IReadOnlyList<Example> Trainset, IReadOnlyList<Example>? Valset = null, IReadOnlyList<LmProgram>? Teachers = null, int? FineTuneSeed = null);
