using BetterTogether.Core.Examples;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Randomness;

namespace BetterTogether.Core.Optimizers;

/// <summary>
/// Gives every predictor up to <see cref="K"/> labelled demos (DSPy's <c>LabeledFewShot</c>): sampled with one
/// <c>random.Random(0)</c> shared across predictors, or the first k when not sampling. No LM calls.
/// </summary>
public sealed class LabeledFewShot : IOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="k">Demos per predictor (DSPy's default is 16).</param>
    public LabeledFewShot(int k = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        K = k;
    }

    /// <summary>Demos per predictor.</summary>
    public int K { get; }

    /// <summary>Returns a reset copy of <paramref name="student"/> with labelled demos.</summary>
    /// <param name="student">The program.</param>
    /// <param name="trainset">Where demos come from.</param>
    /// <param name="sample">Sample with <c>Random(0)</c> (true) or take the first k (false).</param>
    public LmProgram Compile(LmProgram student, IReadOnlyList<Example> trainset, bool sample = true)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(trainset);
        var compiled = student.ResetCopy();
        if (trainset.Count == 0)
        {
            return compiled;
        }

        var rng = new PythonRandom(0);
        var count = Math.Min(K, trainset.Count);
        foreach (var predictor in compiled.Predictors())
        {
            predictor.Demos = sample ? rng.Sample(trainset, count) : [.. trainset.Take(count)];
        }

        return compiled;
    }

    /// <inheritdoc />
    public Task<LmProgram> CompileAsync(LmProgram student, OptimizerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(Compile(student, input.Trainset));
    }
}
