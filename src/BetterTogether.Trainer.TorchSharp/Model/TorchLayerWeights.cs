using BetterTogether.Engine.Model;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Model;

/// <summary>One decoder layer's frozen tensors.</summary>
public sealed class TorchLayerWeights
{
    private readonly Tensor[] _weights = new Tensor[7];
    private readonly Tensor?[] _biases = new Tensor?[7];

    /// <summary>Gets the input RMSNorm weight [hidden].</summary>
    public Tensor InputNorm { get; internal set; } = null!;

    /// <summary>Gets the post-attention RMSNorm weight [hidden].</summary>
    public Tensor PostAttentionNorm { get; internal set; } = null!;

    /// <summary>The weight [out, in] of a projection.</summary>
    /// <param name="module">The projection.</param>
    /// <returns>The tensor.</returns>
    public Tensor Weight(LinearModule module) => _weights[(int)module];

    /// <summary>The bias [out] of a projection, or null.</summary>
    /// <param name="module">The projection.</param>
    /// <returns>The tensor or null.</returns>
    public Tensor? Bias(LinearModule module) => _biases[(int)module];

    internal void Set(LinearModule module, Tensor weight, Tensor? bias)
    {
        _weights[(int)module] = weight;
        _biases[(int)module] = bias;
    }

    internal IEnumerable<Tensor> All() => _weights.Concat(_biases.OfType<Tensor>()).Append(InputNorm).Append(PostAttentionNorm);
}
