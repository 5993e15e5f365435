using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Model;

/// <summary>Loads an HF model folder by tensor names, checking every shape against the config.</summary>
internal static class ModelLoader
{
    public static LlamaModel Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"{folder}: config.json is missing.", configPath);
        }

        var config = ModelConfig.Load(configPath);
        var model = new LlamaModel(config);
        using var ckpt = SafeTensorsCheckpoint.Open(folder);
        var tensors = ckpt.Tensors;
        foreach (var slot in model.Layout.Slots)
        {
            if (!tensors.TryGetValue(slot.Name, out var info))
            {
                if (slot.Name == "lm_head.weight")
                {
                    throw new ModelFormatException($"{folder}: lm_head.weight is missing but config.json says tie_word_embeddings=false.");
                }

                throw new ModelFormatException($"{folder}: tensor '{slot.Name}' is missing from the weights.");
            }

            if (info.Shape.Count != slot.Shape.Count || info.Shape.Where((d, i) => d != slot.Shape[i]).Any())
            {
                throw new ModelFormatException($"{folder}: tensor '{slot.Name}' has shape [{string.Join(',', info.Shape)}] but config.json implies [{string.Join(',', slot.Shape)}].");
            }

            ckpt.ReadFloats(slot.Name, model.Weights.AsSpan(slot.Offset, slot.Length));
        }

        return model;
    }
}
