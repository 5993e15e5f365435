using System.Text.Json.Nodes;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Tests.Model;

public sealed class ModelFolderTests
{
    [Fact]
    public void ConfigParse_RopeThetaUnderRopeParametersAndQwenDefaults_Read()
    {
        var llama = ModelConfig.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "config.json"));
        Assert.Equal(10000, llama.RopeTheta);
        Assert.False(llama.TieWordEmbeddings);
        Assert.False(llama.QkvBias);
        Assert.Equal([2], llama.EosTokenIds);
        var qwen = ModelConfig.Load(Path.Combine(Fixtures.Folder("tiny_qwen2"), "config.json"));
        Assert.Equal(1e6, qwen.RopeTheta);
        Assert.True(qwen.QkvBias);
        Assert.False(qwen.OutputBias);
        Assert.Equal(16, qwen.HeadDim);
        Assert.Equal([2, 3], qwen.EosTokenIds);
    }

    [Theory]
    [InlineData("{\"model_type\":\"gpt2\",\"hidden_size\":8,\"intermediate_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"vocab_size\":5}", "model_type 'gpt2'")]
    [InlineData("{\"model_type\":\"llama\",\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"vocab_size\":5}", "intermediate_size")]
    [InlineData("{\"model_type\":\"llama\",\"hidden_size\":8,\"intermediate_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":3,\"num_key_value_heads\":2,\"head_dim\":2,\"vocab_size\":5}", "multiple")]
    [InlineData("{\"model_type\":\"llama\",\"hidden_size\":8,\"intermediate_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"vocab_size\":5,\"rope_scaling\":{\"rope_type\":\"yarn\"}}", "yarn")]
    public void ConfigParse_BadConfig_ThrowsNamingFault(string json, string fault)
    {
        var ex = Assert.Throws<ModelFormatException>(() => ModelConfig.Parse(json, "my/config.json"));
        Assert.Contains(fault, ex.Message, StringComparison.Ordinal);
        Assert.Contains("my/config.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigDisagreesWithWeights_ThrowsNamingTensor()
    {
        var folder = CopyFixture("tiny_llama");
        var cfg = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        cfg["intermediate_size"] = 80;
        File.WriteAllText(Path.Combine(folder, "config.json"), cfg.ToJsonString());
        var ex = Assert.Throws<ModelFormatException>(() => LlamaModel.Load(folder));
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[96,64]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UntiedConfigOnTiedWeights_ThrowsNamingLmHead()
    {
        var folder = CopyFixture("tiny_qwen2");
        var cfg = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        cfg["tie_word_embeddings"] = false;
        File.WriteAllText(Path.Combine(folder, "config.json"), cfg.ToJsonString());
        var ex = Assert.Throws<ModelFormatException>(() => LlamaModel.Load(folder));
        Assert.Contains("lm_head.weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedWeights_ThrowsSafeTensorsException()
    {
        var folder = CopyFixture("tiny_llama");
        var path = Path.Combine(folder, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<SafeTensorsException>(() => LlamaModel.Load(folder));
        Assert.Contains("model.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SafeTensorsDType.F32)]
    [InlineData(SafeTensorsDType.BF16)]
    public void Save_ThenLoad_SameLogits(SafeTensorsDType dtype)
    {
        // tiny_qwen2's weights are exactly representable in BF16, so both round trips are lossless.
        var model = LlamaModel.Load(Fixtures.Folder("tiny_qwen2"));
        var folder = Fixtures.TempFolder();
        model.Save(folder, dtype);
        var loaded = LlamaModel.Load(folder);
        Assert.Equal(model.Config with { EosTokenIds = [] }, loaded.Config with { EosTokenIds = [] });
        Assert.Equal(model.Config.EosTokenIds, loaded.Config.EosTokenIds);
        Assert.Equal(model.Weights, loaded.Weights);
    }

    [Fact]
    public void CreateRandom_SameSeed_SameWeights()
    {
        var config = ModelConfig.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "config.json"));
        Assert.Equal(LlamaModel.CreateRandom(config, 3).Weights, LlamaModel.CreateRandom(config, 3).Weights);
        Assert.All(LlamaModel.CreateRandom(config, 3).Tensor("model.norm.weight").ToArray(), v => Assert.Equal(1f, v));
    }

    private static string CopyFixture(string name)
    {
        var folder = Fixtures.TempFolder();
        foreach (var f in Directory.GetFiles(Fixtures.Folder(name)))
        {
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        }

        return folder;
    }
}
