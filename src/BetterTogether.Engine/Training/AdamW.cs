namespace BetterTogether.Engine.Training;

/// <summary>
/// AdamW over a flat parameter array, exactly as <c>torch.optim.AdamW</c>: decoupled weight decay
/// <c>p ← p(1 − lr·wd)</c>, then <c>p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)</c>.
/// </summary>
public sealed class AdamW
{
    /// <summary>Creates the optimizer state for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">Length of the parameter array.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="epsilon">Denominator epsilon.</param>
    public AdamW(int parameterCount, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(beta1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beta1, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(beta2);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beta2, 1.0);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        FirstMoment = new float[parameterCount];
        SecondMoment = new float[parameterCount];
    }

    /// <summary>β1.</summary>
    public double Beta1 { get; }

    /// <summary>β2.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Steps taken (t in the bias corrections).</summary>
    public int Step { get; set; }

    /// <summary>m, per parameter.</summary>
    public float[] FirstMoment { get; }

    /// <summary>v, per parameter.</summary>
    public float[] SecondMoment { get; }

    /// <summary>Advances the step counter; call once per optimizer step before <see cref="Update"/>.</summary>
    public void BeginStep() => Step++;

    /// <summary>Updates <paramref name="parameters"/>[offset…offset+length) from their gradients.</summary>
    /// <param name="parameters">The full parameter array.</param>
    /// <param name="gradients">Gradients, same layout.</param>
    /// <param name="offset">First element to update.</param>
    /// <param name="length">Elements to update.</param>
    /// <param name="learningRate">This step's learning rate.</param>
    /// <param name="weightDecay">Decoupled weight decay for this range (0 for norms and biases).</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, int length, double learningRate, double weightDecay)
    {
        if (Step <= 0)
        {
            throw new InvalidOperationException("Call BeginStep before Update.");
        }

        var b1 = (float)Beta1;
        var b2 = (float)Beta2;
        var bc1 = 1.0 - Math.Pow(Beta1, Step);
        var bc2Sqrt = (float)Math.Sqrt(1.0 - Math.Pow(Beta2, Step));
        var stepSize = (float)(learningRate / bc1);
        var decay = (float)(1.0 - (learningRate * weightDecay));
        var eps = (float)Epsilon;
        var p = parameters.Slice(offset, length);
        var g = gradients.Slice(offset, length);
        var m = FirstMoment.AsSpan(offset, length);
        var v = SecondMoment.AsSpan(offset, length);
        for (var i = 0; i < p.Length; i++)
        {
            var gi = g[i];
            m[i] = (b1 * m[i]) + ((1 - b1) * gi);
            v[i] = (b2 * v[i]) + ((1 - b2) * gi * gi);
            var denom = (MathF.Sqrt(v[i]) / bc2Sqrt) + eps;
            p[i] = (p[i] * decay) - (stepSize * m[i] / denom);
        }
    }

    /// <summary>Scales <paramref name="gradients"/> so their global L2 norm is at most <paramref name="maxNorm"/> (torch's <c>clip_grad_norm_</c>).</summary>
    /// <param name="gradients">All gradients.</param>
    /// <param name="maxNorm">The limit; 0 or less only measures.</param>
    /// <returns>The norm before clipping.</returns>
    public static double ClipGradientNorm(Span<float> gradients, double maxNorm)
    {
        double sum = 0;
        foreach (var g in gradients)
        {
            sum += (double)g * g;
        }

        var norm = Math.Sqrt(sum);
        var coef = maxNorm / (norm + 1e-6);
        if (maxNorm > 0 && coef < 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, (float)coef, gradients);
        }

        return norm;
    }
}
