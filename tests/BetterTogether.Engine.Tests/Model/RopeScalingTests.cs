using BetterTogether.Engine.Model;
using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Tests.Model;

public sealed class RopeScalingTests
{
    [Fact]
    public void Apply_Llama3_MatchesHuggingFaceFrequencies()
    {
        using var file = SafeTensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rope_expected.safetensors"));
        var expected = file.ReadFloats("llama3_inv_freq");
        var rope = new RotaryEmbedding(64, 500000, new RopeScaling("llama3", 8, 1, 4, 64));
        Fixtures.AssertClose(expected, rope.InverseFrequencies, 1e-6f, "inv_freq");
    }

    [Fact]
    public void ConfigParse_Llama3RopeScaling_ReadAndWritten()
    {
        const string json = """
            {"model_type":"llama","hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":5,
             "rope_theta":500000.0,"rope_scaling":{"rope_type":"llama3","factor":32.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192}}
            """;
        var config = ModelConfig.Parse(json);
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), config.RopeScaling);
        Assert.Equal(config.RopeScaling, ModelConfig.Parse(config.ToJson()).RopeScaling);
    }
}
