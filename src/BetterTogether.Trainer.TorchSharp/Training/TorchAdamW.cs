using TorchSharp;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Training;

/// <summary>
/// AdamW over LibTorch tensors with the engine's update (<c>torch.optim.AdamW</c>'s single-tensor path): decoupled
/// decay <c>p ← p(1 − lr·wd)</c>, then <c>p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)</c>. Its moments are plain tensors
/// so checkpoints can store them in the engine's layout.
/// </summary>
internal sealed class TorchAdamW : IDisposable
{
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;

    public TorchAdamW(IReadOnlyList<Tensor> parameters, double beta1, double beta2, double epsilon)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        FirstMoments = parameters.Select(p => torch.zeros_like(p, requires_grad: false).DetachFromDisposeScope()).ToArray();
        SecondMoments = parameters.Select(p => torch.zeros_like(p, requires_grad: false).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Gets or sets the steps taken (t in the bias corrections).</summary>
    public int Step { get; set; }

    /// <summary>Gets m per parameter.</summary>
    public IReadOnlyList<Tensor> FirstMoments { get; }

    /// <summary>Gets v per parameter.</summary>
    public IReadOnlyList<Tensor> SecondMoments { get; }

    /// <summary>Takes one step with <paramref name="gradients"/> (same order as the parameters).</summary>
    public void Update(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients, double learningRate, double weightDecay)
    {
        Step++;
        var stepSize = learningRate / (1.0 - Math.Pow(_beta1, Step));
        var bc2Sqrt = Math.Sqrt(1.0 - Math.Pow(_beta2, Step));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var (p, g, m, v) = (parameters[i], gradients[i], FirstMoments[i], SecondMoments[i]);
            if (weightDecay > 0)
            {
                p.mul_(1.0 - (learningRate * weightDecay));
            }

            m.mul_(_beta1).add_(g, alpha: 1.0 - _beta1);
            v.mul_(_beta2).addcmul_(g, g, value: 1.0 - _beta2);
            var denom = v.sqrt().div_(bc2Sqrt).add_(_epsilon);
            p.addcdiv_(m, denom, value: -stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var t in FirstMoments.Concat(SecondMoments))
        {
            t.Dispose();
        }
    }
}
