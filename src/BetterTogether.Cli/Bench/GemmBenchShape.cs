namespace BetterTogether.Cli.Bench;

/// <summary>One GEMM case of the benchmark: where the engine uses it and its BLAS arguments.</summary>
/// <param name="Use">What the engine computes with this shape.</param>
/// <param name="TransA">op(A) = Aᵀ.</param>
/// <param name="TransB">op(B) = Bᵀ.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">Shared dimension.</param>
internal sealed record GemmBenchShape(string Use, bool TransA, bool TransB, int M, int N, int K)
{
    /// <summary>Gets the operation as BLAS letters (NN, NT, TN, TT).</summary>
    public string Op => $"{(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')}";

    /// <summary>Gets the floating-point operations of one call.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>
    /// The shapes of a Llama-style model with the given sizes, for <paramref name="tokens"/> tokens per step:
    /// Linear forward (x·Wᵀ, NT), one attention head (QKᵀ, P·V), input gradient (dY·W, NN), weight gradient (dYᵀ·X, TN), LoRA rank-16 projections.
    /// </summary>
    public static IReadOnlyList<GemmBenchShape> ForModel(int hidden, int intermediate, int vocab, int tokens, bool includeBackward)
    {
        var shapes = new List<GemmBenchShape>
        {
            new($"h{hidden} q/o proj fwd", false, true, tokens, hidden, hidden),
            new($"h{hidden} gate/up fwd", false, true, tokens, intermediate, hidden),
            new($"h{hidden} down fwd", false, true, tokens, hidden, intermediate),
            new($"h{hidden} lm head fwd", false, true, tokens, vocab, hidden),
        };
        if (includeBackward)
        {
            shapes.Add(new($"attn scores hd64", false, true, tokens, tokens, 64));
            shapes.Add(new($"attn probs·V hd64", false, false, tokens, 64, tokens));
            shapes.Add(new($"h{hidden} down dX", false, false, tokens, intermediate, hidden));
            shapes.Add(new($"h{hidden} gate/up dX", false, false, tokens, hidden, intermediate));
            shapes.Add(new($"h{hidden} lm head dX", false, false, tokens, hidden, vocab));
            shapes.Add(new($"h{hidden} gate/up dW", true, false, intermediate, hidden, tokens));
            shapes.Add(new($"h{hidden} LoRA A fwd r16", false, true, tokens, 16, hidden));
            shapes.Add(new($"h{hidden} LoRA dA r16", true, false, 16, hidden, tokens));
        }

        return shapes;
    }
}
