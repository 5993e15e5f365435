using System.Text.Json;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;

namespace BetterTogether.Engine.Tests.Lora;

public sealed class PeftAdapterTests
{
    [Theory]
    [InlineData("tiny_llama")]
    [InlineData("tiny_qwen2")]
    public void Load_PeftAdapterFromPyTorch_LogitsMatch(string name)
    {
        var model = LlamaModel.Load(Fixtures.Folder(name));
        var adapter = PeftAdapter.Load(Path.Combine(Fixtures.Folder(name), "adapter"), model.Config);
        var exp = Fixtures.Expected(name);
        var logits = model.Forward(Fixtures.Ints(exp["input_ids"]), adapter);
        Fixtures.AssertClose(exp["lora_logits"], logits, 1e-4f, "lora logits");
    }

    [Fact]
    public void Merge_Adapter_EqualsUnmergedOutputs()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var adapter = PeftAdapter.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "adapter"), model.Config);
        var exp = Fixtures.Expected("tiny_llama");
        var merged = LoraMerger.Merge(model, adapter);
        Fixtures.AssertClose(exp["lora_logits"], merged.Forward(Fixtures.Ints(exp["input_ids"])), 1e-4f, "merged logits");
        Fixtures.AssertClose(exp["logits"], model.Forward(Fixtures.Ints(exp["input_ids"])), 1e-4f, "base left unchanged");
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsConfigAndWeights()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_qwen2"));
        var config = new LoraConfig { Rank = 3, Alpha = 6, Dropout = 0.05, TargetModules = [LinearModule.KProj, LinearModule.DownProj], BaseModelNameOrPath = "tiny_qwen2" };
        var adapter = LoraAdapter.CreateInitialized(model.Config, config, seed: 7);
        adapter.B(1, LinearModule.DownProj).Fill(0.25f);
        var folder = Fixtures.TempFolder();
        PeftAdapter.Save(adapter, folder);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, PeftAdapter.ConfigFileName)));
        var root = doc.RootElement;
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal("CAUSAL_LM", root.GetProperty("task_type").GetString());
        Assert.Equal(3, root.GetProperty("r").GetInt32());
        Assert.Equal("none", root.GetProperty("bias").GetString());
        Assert.False(root.GetProperty("use_rslora").GetBoolean());
        Assert.Equal(["k_proj", "down_proj"], root.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));

        var loaded = PeftAdapter.Load(folder, model.Config);
        Assert.Equal(config.Rank, loaded.Config.Rank);
        Assert.Equal(config.Alpha, loaded.Config.Alpha);
        Assert.Equal(config.Dropout, loaded.Config.Dropout);
        Assert.Equal(config.TargetModules, loaded.Config.TargetModules);
        Assert.Equal(adapter.Parameters, loaded.Parameters);
        Assert.Contains(loaded.Slots, s => s.Name == "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight" && s.Shape.SequenceEqual([64, 3]));
        Assert.Contains(loaded.Slots, s => s.Name == "base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight" && s.Shape.SequenceEqual([3, 64]));
    }

    [Fact]
    public void CreateInitialized_PeftInit_AUniformWithinBoundAndBZero()
    {
        var config = ModelConfig.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "config.json"));
        var adapter = LoraAdapter.CreateInitialized(config, new LoraConfig(), seed: 1);
        var a = adapter.A(0, LinearModule.DownProj).ToArray();
        var bound = 1f / MathF.Sqrt(config.IntermediateSize);
        Assert.All(a, v => Assert.InRange(v, -bound, bound));
        Assert.True(a.Max() > bound * 0.8f && a.Min() < -bound * 0.8f);
        Assert.All(adapter.B(1, LinearModule.QProj).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(2f, adapter.Config.Scaling);
    }

    [Fact]
    public void Load_AdapterForOtherShape_ThrowsNamingTensor()
    {
        var llama = ModelConfig.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "config.json"));
        var wider = llama with { IntermediateSize = 128 };
        var ex = Assert.Throws<AdapterFormatException>(() => PeftAdapter.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "adapter"), wider));
        Assert.Contains("gate_proj.lora_B.weight", ex.Message, StringComparison.Ordinal);
    }
}
