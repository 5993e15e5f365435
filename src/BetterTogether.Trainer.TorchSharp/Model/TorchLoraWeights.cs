using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Model;

/// <summary>
/// A LoRA adapter as trainable fp32 LibTorch tensors: A [r, in] and B [out, r] per adapted projection, kept in the
/// order of the engine's <see cref="LoraAdapter.Slots"/> so that flattening them gives the engine's parameter layout
/// (checkpoints and PEFT files are written through the engine's code).
/// </summary>
public sealed class TorchLoraWeights : IDisposable
{
    private readonly Tensor?[] _a;
    private readonly Tensor?[] _b;
    private readonly List<Tensor> _parameters = [];

    private TorchLoraWeights(LoraAdapter adapter, Device device)
    {
        ModelConfig = adapter.ModelConfig;
        Config = adapter.Config;
        var layers = ModelConfig.NumHiddenLayers;
        _a = new Tensor?[layers * 7];
        _b = new Tensor?[layers * 7];
        foreach (var slot in adapter.Slots)
        {
            var values = adapter.Parameters.AsSpan(slot.Offset, slot.Length).ToArray();
            using var host = torch.tensor(values, slot.Shape.Select(d => (long)d).ToArray(), ScalarType.Float32);
            var parameter = (device.type == DeviceType.CPU ? host.clone() : host.to(device)).requires_grad_(true).DetachFromDisposeScope();
            _parameters.Add(parameter);
        }

        // Slots come as (A, B) pairs per adapted (layer, module), layers ascending, modules in LinearModules order.
        var i = 0;
        for (var l = 0; l < layers; l++)
        {
            foreach (var m in LinearModules.All.Where(m => adapter.Targets(l, m)))
            {
                _a[(l * 7) + (int)m] = _parameters[i++];
                _b[(l * 7) + (int)m] = _parameters[i++];
            }
        }
    }

    /// <summary>Gets the base architecture.</summary>
    public ModelConfig ModelConfig { get; }

    /// <summary>Gets the LoRA settings.</summary>
    public LoraConfig Config { get; }

    /// <summary>Gets every A and B tensor in the engine's slot order.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Gets the number of scalar parameters.</summary>
    public long ParameterCount => _parameters.Sum(p => p.numel());

    /// <summary>Copies an engine adapter onto <paramref name="device"/> as trainable tensors.</summary>
    /// <param name="adapter">The adapter (e.g. PEFT-initialised, or loaded from a PEFT folder).</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensors.</returns>
    public static TorchLoraWeights FromAdapter(LoraAdapter adapter, Device device)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(device);
        return new TorchLoraWeights(adapter, device);
    }

    /// <summary>A [r, in] of a projection, or null when it is not adapted.</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="module">Projection.</param>
    /// <returns>The tensor or null.</returns>
    public Tensor? A(int layer, LinearModule module) => _a[(layer * 7) + (int)module];

    /// <summary>B [out, r] of a projection, or null when it is not adapted.</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="module">Projection.</param>
    /// <returns>The tensor or null.</returns>
    public Tensor? B(int layer, LinearModule module) => _b[(layer * 7) + (int)module];

    /// <summary>Copies the current values into a new engine adapter (for PEFT files, checkpoints and the engine).</summary>
    /// <returns>The adapter.</returns>
    public LoraAdapter ToAdapter()
    {
        var adapter = new LoraAdapter(ModelConfig, Config);
        var slots = adapter.Slots;
        for (var i = 0; i < slots.Count; i++)
        {
            Flatten(_parameters[i], adapter.Parameters.AsSpan(slots[i].Offset, slots[i].Length));
        }

        return adapter;
    }

    /// <summary>Overwrites the values with an engine adapter's (same architecture, rank and targets).</summary>
    /// <param name="adapter">The adapter.</param>
    /// <exception cref="ArgumentException">The adapter has another shape.</exception>
    public void CopyFrom(LoraAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        if (adapter.Slots.Count != _parameters.Count || adapter.Config.Rank != Config.Rank || adapter.Slots.Where((s, i) => s.Length != _parameters[i].numel()).Any())
        {
            throw new ArgumentException("The adapter's rank or target modules differ from the ones being trained.", nameof(adapter));
        }

        using var noGrad = torch.no_grad();
        for (var i = 0; i < _parameters.Count; i++)
        {
            var slot = adapter.Slots[i];
            using var host = torch.tensor(adapter.Parameters.AsSpan(slot.Offset, slot.Length).ToArray(), _parameters[i].shape, ScalarType.Float32);
            _parameters[i].copy_(host);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var p in _parameters)
        {
            p.Dispose();
        }
    }

    /// <summary>Copies a tensor's elements (any device) into <paramref name="destination"/> as fp32, row-major.</summary>
    internal static void Flatten(Tensor tensor, Span<float> destination)
    {
        using var scope = torch.NewDisposeScope();
        tensor.detach().to(ScalarType.Float32, torch.CPU).contiguous().data<float>().ToArray().CopyTo(destination);
    }
}
