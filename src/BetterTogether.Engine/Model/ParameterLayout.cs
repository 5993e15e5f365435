namespace BetterTogether.Engine.Model;

/// <summary>
/// Where each weight of a model lives in one flat <see cref="float"/> array (llm.c style), in HF names:
/// embedding, then per layer input_layernorm, q/k/v/o (+biases), post_attention_layernorm, gate/up/down,
/// then the final norm and (untied) lm_head.
/// </summary>
public sealed class ParameterLayout
{
    private readonly Dictionary<string, TensorSlot> _byName = new(StringComparer.Ordinal);
    private readonly List<TensorSlot> _slots = [];

    /// <summary>Builds the layout for <paramref name="config"/>.</summary>
    /// <param name="config">The architecture.</param>
    public ParameterLayout(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        long total = 0;
        int Add(string name, params int[] shape)
        {
            long len = 1;
            foreach (var d in shape)
            {
                len *= d;
            }

            if (total + len > Array.MaxLength)
            {
                throw new ModelFormatException($"config: the model needs more than {Array.MaxLength} parameters, beyond one flat array.");
            }

            var slot = new TensorSlot(name, shape, (int)total, (int)len);
            _slots.Add(slot);
            _byName[name] = slot;
            total += len;
            return slot.Offset;
        }

        var d = config.HiddenSize;
        Embedding = Add("model.embed_tokens.weight", config.VocabSize, d);
        var layers = new LayerSlots[config.NumHiddenLayers];
        for (var l = 0; l < layers.Length; l++)
        {
            var p = $"model.layers.{l}.";
            var weights = new int[7];
            var biases = new int[7];
            var inNorm = Add(p + "input_layernorm.weight", d);
            foreach (var m in LinearModules.All)
            {
                if (m == LinearModule.GateProj)
                {
                    layers[l].PostNorm = Add(p + "post_attention_layernorm.weight", d);
                }

                weights[(int)m] = Add($"{p}{m.LayerPath()}.weight", m.OutFeatures(config), m.InFeatures(config));
                biases[(int)m] = m.HasBias(config) ? Add($"{p}{m.LayerPath()}.bias", m.OutFeatures(config)) : -1;
            }

            layers[l].InNorm = inNorm;
            layers[l].Weight = weights;
            layers[l].Bias = biases;
        }

        Layers = layers;
        FinalNorm = Add("model.norm.weight", d);
        LmHead = config.TieWordEmbeddings ? Embedding : Add("lm_head.weight", config.VocabSize, d);
        TotalLength = (int)total;
    }

    /// <summary>All tensors in storage order.</summary>
    public IReadOnlyList<TensorSlot> Slots => _slots;

    /// <summary>Total elements of the flat array.</summary>
    public int TotalLength { get; }

    internal int Embedding { get; }

    internal int FinalNorm { get; }

    internal int LmHead { get; }

    internal LayerSlots[] Layers { get; }

    /// <summary>Finds a tensor by HF name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="slot">The slot when found.</param>
    /// <returns>True when the model has that tensor.</returns>
    public bool TryGetSlot(string name, out TensorSlot slot) => _byName.TryGetValue(name, out slot!);

    /// <summary>Offsets of one layer's tensors (−1 for an absent bias).</summary>
    internal struct LayerSlots
    {
        public int InNorm;
        public int PostNorm;
        public int[] Weight;
        public int[] Bias;
    }
}
