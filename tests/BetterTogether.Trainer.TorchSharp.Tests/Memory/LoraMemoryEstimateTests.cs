using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Trainer.TorchSharp.Memory;

namespace BetterTogether.Trainer.TorchSharp.Tests.Memory;

/// <summary>The sizing of the paper's largest run: Llama-3-8B, LoRA r=32 on all projections, bf16 on one 80 GB GPU.</summary>
public sealed class LoraMemoryEstimateTests
{
    private const double GiB = 1L << 30;

    /// <summary>meta-llama/Meta-Llama-3-8B's config.json.</summary>
    private static readonly ModelConfig Llama3_8B = new()
    {
        HiddenSize = 4096,
        IntermediateSize = 14336,
        NumHiddenLayers = 32,
        NumAttentionHeads = 32,
        NumKeyValueHeads = 8,
        HeadDim = 128,
        VocabSize = 128256,
        MaxPositionEmbeddings = 8192,
        RopeTheta = 500000,
        RmsNormEps = 1e-5,
    };

    private static readonly LoraConfig R32 = new() { Rank = 32, Alpha = 64 };

    [Fact]
    public void For_Llama3_8B_R32_PartsMatchTheArithmetic()
    {
        var e = LoraMemoryEstimate.For(Llama3_8B, R32, sequencesPerMicroBatch: 8, sequenceLength: 2048, weightElementBytes: 2, gradientCheckpointing: true, lossChunkRows: 1024);

        // 8.03 B parameters in bf16; 83.9 M LoRA parameters × (weight, gradient, m, v) in fp32.
        Assert.Equal(8_030_261_248L * 2, e.WeightBytes);
        Assert.Equal(83_886_080L * 16, e.LoraStateBytes);
        Assert.InRange(e.WeightBytes / GiB, 14.9, 15.0);
        Assert.InRange(e.LoraStateBytes / GiB, 1.24, 1.26);
    }

    [Fact]
    public void For_Llama3_8B_R32_Batch8x2048_FitsOn80GBOnlyWithGradientCheckpointing()
    {
        var with = LoraMemoryEstimate.For(Llama3_8B, R32, 8, 2048, 2, gradientCheckpointing: true, lossChunkRows: 1024);
        var without = LoraMemoryEstimate.For(Llama3_8B, R32, 8, 2048, 2, gradientCheckpointing: false, lossChunkRows: 1024);

        Assert.InRange(with.TotalBytes / GiB, 20, 40);
        Assert.True(without.TotalBytes / GiB > 80, $"{without.TotalBytes / GiB:F1} GiB");

        // One 2048-token sequence per micro-batch fits even without checkpointing.
        Assert.True(LoraMemoryEstimate.For(Llama3_8B, R32, 1, 2048, 2, false, 1024).TotalBytes / GiB < 80);
    }
}
