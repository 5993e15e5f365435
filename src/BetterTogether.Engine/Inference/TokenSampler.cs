using System.Numerics.Tensors;

namespace BetterTogether.Engine.Inference;

/// <summary>Picks the next token from logits: argmax, or temperature + top-p sampling from a seeded source.</summary>
internal sealed class TokenSampler(SamplingOptions options)
{
    private readonly Random _rng = new(options.Seed);

    public int Next(Span<float> logits)
    {
        if (options.Temperature == 0)
        {
            return TensorPrimitives.IndexOfMax(logits);
        }

        TensorPrimitives.Divide(logits, (float)options.Temperature, logits);
        // Max-subtracted: TensorPrimitives.SoftMax exponentiates raw logits and overflows to NaN above ~88.
        Kernels.Softmax.ForwardInPlace(logits, logits.Length);
        var u = _rng.NextDouble();
        if (options.TopP >= 1.0)
        {
            double acc = 0;
            for (var i = 0; i < logits.Length; i++)
            {
                acc += logits[i];
                if (u < acc)
                {
                    return i;
                }
            }

            return TensorPrimitives.IndexOfMax(logits);
        }

        var order = new int[logits.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var probs = logits.ToArray();
        Array.Sort(order, (a, b) => probs[b].CompareTo(probs[a]) is var c && c != 0 ? c : a.CompareTo(b));
        double mass = 0;
        var keep = 0;
        while (keep < order.Length && mass < options.TopP)
        {
            mass += probs[order[keep++]];
        }

        var target = u * mass;
        double run = 0;
        for (var k = 0; k < keep; k++)
        {
            run += probs[order[k]];
            if (target < run)
            {
                return order[k];
            }
        }

        return order[keep - 1];
    }
}
