using System.Text.Json;
using System.Text.Json.Nodes;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Peft;

/// <summary>
/// Reads and writes LoRA adapters in PEFT's folder format (<c>adapter_config.json</c> +
/// <c>adapter_model.safetensors</c>), the format vLLM, llama.cpp and PEFT load.
/// </summary>
public static class PeftAdapter
{
    /// <summary>The adapter config file name.</summary>
    public const string ConfigFileName = "adapter_config.json";

    /// <summary>The adapter weights file name.</summary>
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>Writes <paramref name="adapter"/> into <paramref name="folder"/> (created if needed).</summary>
    /// <param name="adapter">The adapter.</param>
    /// <param name="folder">The target folder.</param>
    public static void Save(LoraAdapter adapter, string folder)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var c = adapter.Config;
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["r"] = c.Rank,
            ["lora_alpha"] = c.Alpha,
            ["lora_dropout"] = c.Dropout,
            ["target_modules"] = new JsonArray(c.TargetModules.Select(m => (JsonNode)m.ShortName()).ToArray()),
            ["base_model_name_or_path"] = c.BaseModelNameOrPath,
            ["bias"] = "none",
            ["use_rslora"] = false,
            ["use_dora"] = false,
            ["fan_in_fan_out"] = false,
            ["inference_mode"] = true,
            ["modules_to_save"] = null,
            ["layers_to_transform"] = null,
        };
        var tensors = adapter.Slots.Select(s => new SafeTensor(s.Name, s.Shape.Select(d => (long)d).ToArray(), adapter.Parameters.AsMemory(s.Offset, s.Length)));
        SafeTensorsWriter.Write(Path.Combine(folder, WeightsFileName), tensors);
        File.WriteAllText(Path.Combine(folder, ConfigFileName), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Loads a PEFT LoRA adapter for a model of architecture <paramref name="model"/>.</summary>
    /// <param name="folder">The adapter folder.</param>
    /// <param name="model">The base model's architecture.</param>
    /// <returns>The adapter.</returns>
    /// <exception cref="AdapterFormatException">The folder is malformed, unsupported, or does not fit the model.</exception>
    /// <exception cref="SafeTensorsException">The weights file is malformed.</exception>
    public static LoraAdapter Load(string folder, ModelConfig model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(model);
        var configPath = Path.Combine(folder, ConfigFileName);
        var weightsPath = Path.Combine(folder, WeightsFileName);
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
        {
            throw new AdapterFormatException($"{folder}: a PEFT adapter needs {ConfigFileName} and {WeightsFileName}.");
        }

        var config = ReadConfig(configPath);
        var adapter = new LoraAdapter(model, config);
        using var file = SafeTensorsFile.Open(weightsPath);
        var byName = file.Tensors.Keys.ToDictionary(NormalizeName, k => k, StringComparer.Ordinal);
        foreach (var slot in adapter.Slots)
        {
            if (!byName.TryGetValue(slot.Name, out var stored))
            {
                throw new AdapterFormatException($"{weightsPath}: tensor '{slot.Name}' is missing (target_modules lists it).");
            }

            var shape = file.Tensors[stored].Shape;
            if (shape.Count != 2 || shape[0] != slot.Shape[0] || shape[1] != slot.Shape[1])
            {
                throw new AdapterFormatException($"{weightsPath}: tensor '{stored}' has shape [{string.Join(',', shape)}], the base model needs [{string.Join(',', slot.Shape)}].");
            }

            file.ReadFloats(stored, adapter.Parameters.AsSpan(slot.Offset, slot.Length));
        }

        var unknown = byName.Keys.Except(adapter.Slots.Select(s => s.Name)).FirstOrDefault();
        if (unknown is not null)
        {
            throw new AdapterFormatException($"{weightsPath}: tensor '{unknown}' does not belong to a LoRA target of this model.");
        }

        return adapter;
    }

    // PEFT sometimes keeps the adapter name: "...lora_A.default.weight".
    private static string NormalizeName(string name) =>
        name.Replace(".lora_A.default.weight", ".lora_A.weight", StringComparison.Ordinal).Replace(".lora_B.default.weight", ".lora_B.weight", StringComparison.Ordinal);

    private static LoraConfig ReadConfig(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            string? Str(string n) => r.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            bool True(string n) => r.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.True;
            bool NonEmpty(string n) => r.TryGetProperty(n, out var v) && v.ValueKind switch
            {
                JsonValueKind.Object => v.EnumerateObject().Any(),
                JsonValueKind.Array => v.GetArrayLength() > 0,
                JsonValueKind.Null or JsonValueKind.Undefined => false,
                _ => true,
            };

            if (Str("peft_type") is { } type && type != "LORA")
            {
                throw new AdapterFormatException($"{path}: peft_type '{type}' is not supported (LORA).");
            }

            if (True("use_rslora") || True("use_dora") || True("fan_in_fan_out") || (Str("bias") ?? "none") != "none"
                || NonEmpty("rank_pattern") || NonEmpty("alpha_pattern") || NonEmpty("layers_to_transform") || NonEmpty("modules_to_save"))
            {
                throw new AdapterFormatException($"{path}: only plain LoRA is supported (use_rslora, use_dora, fan_in_fan_out false; bias none; no rank/alpha patterns, layers_to_transform or modules_to_save).");
            }

            var targets = ReadTargets(path, r);
            return new LoraConfig
            {
                Rank = r.GetProperty("r").GetInt32(),
                Alpha = r.TryGetProperty("lora_alpha", out var a) ? a.GetDouble() : 8,
                Dropout = r.TryGetProperty("lora_dropout", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : 0,
                TargetModules = targets,
                BaseModelNameOrPath = Str("base_model_name_or_path") ?? string.Empty,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new AdapterFormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static List<LinearModule> ReadTargets(string path, JsonElement r)
    {
        if (!r.TryGetProperty("target_modules", out var t))
        {
            throw new AdapterFormatException($"{path}: target_modules is missing.");
        }

        if (t.ValueKind == JsonValueKind.String && t.GetString() == "all-linear")
        {
            return [.. LinearModules.All];
        }

        if (t.ValueKind != JsonValueKind.Array)
        {
            throw new AdapterFormatException($"{path}: target_modules must be a list of module names or \"all-linear\".");
        }

        var set = new HashSet<LinearModule>();
        foreach (var e in t.EnumerateArray())
        {
            var name = e.GetString() ?? string.Empty;
            set.Add(LinearModules.Parse(name[(name.LastIndexOf('.') + 1)..]));
        }

        return LinearModules.All.Where(set.Contains).ToList();
    }
}
