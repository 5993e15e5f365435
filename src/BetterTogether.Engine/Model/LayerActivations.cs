namespace BetterTogether.Engine.Model;

/// <summary>One layer's forward buffers for a [rows]-token sequence; kept per layer when training.</summary>
internal sealed class LayerActivations
{
    public LayerActivations(ModelConfig c, int rows, bool keepProbs, int loraRank)
    {
        var d = c.HiddenSize;
        var qw = c.NumAttentionHeads * c.HeadDim;
        var kw = c.NumKeyValueHeads * c.HeadDim;
        Rows = rows;
        X = new float[rows * d];
        Xn1 = new float[rows * d];
        Rstd1 = new float[rows];
        Q = new float[rows * qw];
        K = new float[rows * kw];
        V = new float[rows * kw];
        Probs = keepProbs ? new float[c.NumAttentionHeads * rows * rows] : [];
        AttOut = new float[rows * qw];
        XMid = new float[rows * d];
        Xn2 = new float[rows * d];
        Rstd2 = new float[rows];
        Gate = new float[rows * c.IntermediateSize];
        Up = new float[rows * c.IntermediateSize];
        H = new float[rows * c.IntermediateSize];
        if (loraRank > 0)
        {
            Z = new float[7][];
            for (var m = 0; m < 7; m++)
            {
                Z[m] = new float[rows * loraRank];
            }
        }
    }

    public int Rows { get; }

    /// <summary>Residual stream entering the layer.</summary>
    public float[] X { get; }

    public float[] Xn1 { get; }

    public float[] Rstd1 { get; }

    /// <summary>Queries after RoPE.</summary>
    public float[] Q { get; }

    /// <summary>Keys after RoPE.</summary>
    public float[] K { get; }

    public float[] V { get; }

    public float[] Probs { get; }

    public float[] AttOut { get; }

    /// <summary>Residual stream after attention.</summary>
    public float[] XMid { get; }

    public float[] Xn2 { get; }

    public float[] Rstd2 { get; }

    public float[] Gate { get; }

    public float[] Up { get; }

    public float[] H { get; }

    /// <summary>LoRA down-projections <c>dropout(x)·Aᵀ</c> per module (training).</summary>
    public float[][]? Z { get; }

    /// <summary>LoRA inputs after dropout per module (training with dropout only).</summary>
    public float[]?[] DroppedInput { get; } = new float[7][];

    /// <summary>Which LoRA inputs dropout kept, per module (training with dropout only).</summary>
    public bool[]?[] KeepMask { get; } = new bool[7][];
}
