using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Model;

/// <summary>Saves a model as an HF folder: <c>config.json</c> + <c>model.safetensors</c>.</summary>
internal static class ModelWriter
{
    public static void Save(LlamaModel model, string folder, SafeTensorsDType dtype)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (dtype == SafeTensorsDType.F16)
        {
            throw new ArgumentException("Models are saved as F32 or BF16.", nameof(dtype));
        }

        Directory.CreateDirectory(folder);
        var tensors = model.Layout.Slots.Select(s => new SafeTensor(s.Name, s.Shape.Select(d => (long)d).ToArray(), model.Weights.AsMemory(s.Offset, s.Length)));
        SafeTensorsWriter.Write(Path.Combine(folder, SafeTensorsCheckpoint.SingleFileName), tensors, dtype);
        var configJson = model.Config.ToJson();
        if (dtype == SafeTensorsDType.BF16)
        {
            configJson = configJson.Replace("\"torch_dtype\": \"float32\"", "\"torch_dtype\": \"bfloat16\"", StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(folder, "config.json"), configJson);
    }
}
