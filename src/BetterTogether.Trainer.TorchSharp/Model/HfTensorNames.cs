using BetterTogether.Engine.Model;

namespace BetterTogether.Trainer.TorchSharp.Model;

/// <summary>
/// The tensors of a Llama/Qwen2 HF checkpoint, by name and shape, in the engine's storage order (embedding, per layer
/// input norm, q/k/v/o with biases, post-attention norm, gate/up/down, final norm, untied lm_head). Unlike the engine's
/// flat layout it has no size limit, so it describes 8B-parameter checkpoints too.
/// </summary>
internal static class HfTensorNames
{
    /// <summary>Every tensor <paramref name="config"/> implies.</summary>
    public static IEnumerable<(string Name, long[] Shape)> For(ModelConfig config)
    {
        long d = config.HiddenSize;
        yield return ("model.embed_tokens.weight", [config.VocabSize, d]);
        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            yield return (p + "input_layernorm.weight", [d]);
            foreach (var m in LinearModules.All)
            {
                if (m == LinearModule.GateProj)
                {
                    yield return (p + "post_attention_layernorm.weight", [d]);
                }

                yield return ($"{p}{m.LayerPath()}.weight", [m.OutFeatures(config), m.InFeatures(config)]);
                if (m.HasBias(config))
                {
                    yield return ($"{p}{m.LayerPath()}.bias", [m.OutFeatures(config)]);
                }
            }
        }

        yield return ("model.norm.weight", [d]);
        if (!config.TieWordEmbeddings)
        {
            yield return ("lm_head.weight", [config.VocabSize, d]);
        }
    }
}
