using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>An optimizer (DSPy's teleprompter) that <see cref="BetterTogether"/> can run as a strategy step.</summary>
public interface IOptimizer
{
    /// <summary>Compiles <paramref name="student"/> and returns the optimized program; the student itself is left unchanged.</summary>
    Task<LmProgram> CompileAsync(LmProgram student, OptimizerInput input, CancellationToken cancellationToken = default);
}
