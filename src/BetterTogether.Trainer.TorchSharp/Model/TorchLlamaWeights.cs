using BetterTogether.Engine.Model;
using BetterTogether.Engine.SafeTensors;
using BetterTogether.Trainer.TorchSharp.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Model;

/// <summary>
/// The frozen base weights of a Llama/Qwen2 decoder as LibTorch tensors on one device, in the target's precision
/// (bf16 on CUDA, fp32 on the CPU). Loaded tensor by tensor, so an 8B checkpoint never needs one flat array.
/// </summary>
public sealed class TorchLlamaWeights : IDisposable
{
    private TorchLlamaWeights(ModelConfig config, TorchTarget target, Dictionary<string, Tensor> tensors)
    {
        Config = config;
        Target = target;
        Embedding = tensors["model.embed_tokens.weight"];
        FinalNorm = tensors["model.norm.weight"];
        LmHead = config.TieWordEmbeddings ? Embedding : tensors["lm_head.weight"];
        var layers = new TorchLayerWeights[config.NumHiddenLayers];
        for (var l = 0; l < layers.Length; l++)
        {
            var p = $"model.layers.{l}.";
            var layer = new TorchLayerWeights
            {
                InputNorm = tensors[p + "input_layernorm.weight"],
                PostAttentionNorm = tensors[p + "post_attention_layernorm.weight"],
            };
            foreach (var m in LinearModules.All)
            {
                layer.Set(m, tensors[$"{p}{m.LayerPath()}.weight"], tensors.GetValueOrDefault($"{p}{m.LayerPath()}.bias"));
            }

            layers[l] = layer;
        }

        Layers = layers;
    }

    /// <summary>Gets the architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>Gets the device and precision.</summary>
    public TorchTarget Target { get; }

    /// <summary>Gets the token embedding [vocab, hidden].</summary>
    public Tensor Embedding { get; }

    /// <summary>Gets the final RMSNorm weight [hidden].</summary>
    public Tensor FinalNorm { get; }

    /// <summary>Gets the output projection [vocab, hidden] (the embedding when tied).</summary>
    public Tensor LmHead { get; }

    /// <summary>Gets the decoder layers.</summary>
    public IReadOnlyList<TorchLayerWeights> Layers { get; }

    /// <summary>Loads an HF model folder (<c>config.json</c> + <c>model.safetensors</c> or a sharded index), checking every shape.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="target">Device and precision.</param>
    /// <returns>The weights.</returns>
    /// <exception cref="FileNotFoundException">config.json or the weights are missing (the message names the folder).</exception>
    /// <exception cref="ModelFormatException">The config is unsupported or a tensor is missing or misshapen (the message names the folder and tensor).</exception>
    /// <exception cref="SafeTensorsException">A weights file is malformed or truncated (the message names the file).</exception>
    public static TorchLlamaWeights Load(string folder, TorchTarget target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(target);
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"{folder}: config.json is missing.", configPath);
        }

        var config = ModelConfig.Load(configPath);
        using var checkpoint = SafeTensorsCheckpoint.Open(folder);
        var stored = checkpoint.Tensors;
        return Create(config, target, (name, shape) =>
        {
            if (!stored.TryGetValue(name, out var info))
            {
                throw new ModelFormatException(name == "lm_head.weight"
                    ? $"{folder}: lm_head.weight is missing but config.json says tie_word_embeddings=false."
                    : $"{folder}: tensor '{name}' is missing from the weights.");
            }

            if (!info.Shape.SequenceEqual(shape))
            {
                throw new ModelFormatException($"{folder}: tensor '{name}' has shape [{string.Join(',', info.Shape)}] but config.json implies [{string.Join(',', shape)}].");
            }

            var values = new float[info.ElementCount];
            checkpoint.ReadFloats(name, values);
            return values;
        });
    }

    /// <summary>Copies the engine's in-memory model (tests and the bench compare the two on the same weights).</summary>
    /// <param name="model">The engine's model.</param>
    /// <param name="target">Device and precision.</param>
    /// <returns>The weights.</returns>
    public static TorchLlamaWeights FromModel(LlamaModel model, TorchTarget target)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(target);
        return Create(model.Config, target, (name, _) => model.Tensor(name).ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in Layers.SelectMany(l => l.All()).Append(Embedding).Append(FinalNorm).Append(LmHead).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>())
        {
            t.Dispose();
        }
    }

    private static TorchLlamaWeights Create(ModelConfig config, TorchTarget target, Func<string, long[], float[]> read)
    {
        LibTorchRuntime.EnsureLoaded();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, shape) in HfTensorNames.For(config))
            {
                using var host = torch.tensor(read(name, shape), shape, ScalarType.Float32);

                // A conversion that changes nothing may alias the host tensor, which is disposed here: copy instead.
                var converted = target.IsCuda || target.WeightType != ScalarType.Float32 ? host.to(target.WeightType, target.Device) : host.clone();
                tensors[name] = converted.DetachFromDisposeScope();
            }
        }
        catch
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }

            throw;
        }

        return new TorchLlamaWeights(config, target, tensors);
    }
}
