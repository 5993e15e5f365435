using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Lora;

/// <summary>
/// A LoRA adapter for one model architecture: for each layer and target module, A [r, in] and B [out, r]
/// in one flat parameter array (llm.c style). Applied unmerged: <c>y = x·Wᵀ + b + (alpha/r)·(dropout(x)·Aᵀ)·Bᵀ</c>.
/// </summary>
public sealed class LoraAdapter
{
    private readonly int[] _aOffset;
    private readonly int[] _bOffset;
    private readonly List<TensorSlot> _slots = [];

    /// <summary>Creates a zero adapter (A and B all zeros) for <paramref name="model"/>.</summary>
    /// <param name="model">The base model's architecture.</param>
    /// <param name="config">LoRA settings.</param>
    public LoraAdapter(ModelConfig model, LoraConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ModelConfig = model;
        Config = config;
        var layers = model.NumHiddenLayers;
        _aOffset = new int[layers * 7];
        _bOffset = new int[layers * 7];
        Array.Fill(_aOffset, -1);
        Array.Fill(_bOffset, -1);
        var targets = config.TargetModules.ToHashSet();
        var r = config.Rank;
        var total = 0;
        for (var l = 0; l < layers; l++)
        {
            foreach (var m in LinearModules.All.Where(targets.Contains))
            {
                var prefix = $"{PeftNames.Prefix}model.layers.{l}.{m.LayerPath()}";
                var inF = m.InFeatures(model);
                var outF = m.OutFeatures(model);
                _aOffset[(l * 7) + (int)m] = total;
                _slots.Add(new TensorSlot(prefix + ".lora_A.weight", [r, inF], total, r * inF));
                total += r * inF;
                _bOffset[(l * 7) + (int)m] = total;
                _slots.Add(new TensorSlot(prefix + ".lora_B.weight", [outF, r], total, outF * r));
                total += outF * r;
            }
        }

        Parameters = new float[total];
    }

    /// <summary>The base architecture.</summary>
    public ModelConfig ModelConfig { get; }

    /// <summary>LoRA settings.</summary>
    public LoraConfig Config { get; }

    /// <summary>All A and B matrices, flat.</summary>
    public float[] Parameters { get; }

    /// <summary>The PEFT tensor names and their places in <see cref="Parameters"/>.</summary>
    public IReadOnlyList<TensorSlot> Slots => _slots;

    /// <summary>Creates an adapter with PEFT's initialisation: A ~ kaiming-uniform(a=√5) = U(−1/√in, 1/√in), B = 0.</summary>
    /// <param name="model">The base architecture.</param>
    /// <param name="config">LoRA settings.</param>
    /// <param name="seed">Seed for A.</param>
    /// <returns>The adapter (its output is zero until trained).</returns>
    public static LoraAdapter CreateInitialized(ModelConfig model, LoraConfig config, int seed)
    {
        var adapter = new LoraAdapter(model, config);
        var rng = new Random(seed);
        foreach (var slot in adapter._slots.Where(s => s.Name.EndsWith(".lora_A.weight", StringComparison.Ordinal)))
        {
            var bound = 1.0 / Math.Sqrt(slot.Shape[1]);
            var span = adapter.Parameters.AsSpan(slot.Offset, slot.Length);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (float)(((rng.NextDouble() * 2) - 1) * bound);
            }
        }

        return adapter;
    }

    /// <summary>Whether <paramref name="module"/> of <paramref name="layer"/> is adapted.</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="module">Projection.</param>
    /// <returns>True when adapted.</returns>
    public bool Targets(int layer, LinearModule module) => _aOffset[(layer * 7) + (int)module] >= 0;

    /// <summary>A [r, in] of a module (empty when not adapted).</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="module">Projection.</param>
    /// <returns>The view.</returns>
    public Span<float> A(int layer, LinearModule module) => View(_aOffset[(layer * 7) + (int)module], Config.Rank * module.InFeatures(ModelConfig));

    /// <summary>B [out, r] of a module (empty when not adapted).</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="module">Projection.</param>
    /// <returns>The view.</returns>
    public Span<float> B(int layer, LinearModule module) => View(_bOffset[(layer * 7) + (int)module], Config.Rank * module.OutFeatures(ModelConfig));

    internal int AOffset(int layer, LinearModule module) => _aOffset[(layer * 7) + (int)module];

    internal int BOffset(int layer, LinearModule module) => _bOffset[(layer * 7) + (int)module];

    private Span<float> View(int offset, int length) => offset < 0 ? [] : Parameters.AsSpan(offset, length);
}
