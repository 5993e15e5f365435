using System.Numerics.Tensors;

namespace BetterTogether.Engine.Kernels;

/// <summary>
/// The Llama MLP gate: <c>h = silu(gate) ⊙ up</c> with <c>silu(g) = g·σ(g)</c>, forward and backward,
/// vectorised through <see cref="TensorPrimitives"/> in stack chunks (no heap allocation).
/// </summary>
public static class SwiGlu
{
    private const int Chunk = 256;

    /// <summary>Computes <c>h = silu(gate) ⊙ up</c>.</summary>
    /// <param name="gate">Gate projection output.</param>
    /// <param name="up">Up projection output.</param>
    /// <param name="h">Receives the product (may alias gate or up).</param>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public static void Forward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> h)
    {
        CheckLengths(gate.Length, up.Length, h.Length, h.Length);
        Span<float> sigmoid = stackalloc float[Chunk];
        for (var start = 0; start < gate.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, gate.Length - start);
            var s = sigmoid[..count];
            var g = gate.Slice(start, count);
            TensorPrimitives.Sigmoid(g, s);
            TensorPrimitives.Multiply(s, g, s);
            TensorPrimitives.Multiply(s, up.Slice(start, count), h.Slice(start, count));
        }
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/>: <c>dUp = dh ⊙ silu(g)</c>, <c>dGate = dh ⊙ up ⊙ σ(g)(1 + g(1 − σ(g)))</c>.
    /// </summary>
    /// <param name="gate">Gate projection output saved from the forward pass.</param>
    /// <param name="up">Up projection output saved from the forward pass.</param>
    /// <param name="dh">Gradient of the product.</param>
    /// <param name="dGate">Receives the gate gradient (may alias dh).</param>
    /// <param name="dUp">Receives the up gradient (must not alias dh).</param>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public static void Backward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, ReadOnlySpan<float> dh, Span<float> dGate, Span<float> dUp)
    {
        CheckLengths(gate.Length, up.Length, dh.Length, dGate.Length);
        CheckLengths(gate.Length, up.Length, dh.Length, dUp.Length);
        Span<float> buffer = stackalloc float[2 * Chunk];
        for (var start = 0; start < gate.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, gate.Length - start);
            var s = buffer[..count];
            var t = buffer.Slice(Chunk, count);
            var g = gate.Slice(start, count);
            var u = up.Slice(start, count);
            var d = dh.Slice(start, count);
            TensorPrimitives.Sigmoid(g, s);

            // t = σ(g)·(1 + g·(1 − σ(g))), the derivative of silu.
            TensorPrimitives.Subtract(1f, s, t);
            TensorPrimitives.Multiply(g, t, t);
            TensorPrimitives.Add(t, 1f, t);
            TensorPrimitives.Multiply(t, s, t);

            // dUp first: dGate may alias dh.
            var du = dUp.Slice(start, count);
            TensorPrimitives.Multiply(g, s, du);
            TensorPrimitives.Multiply(du, d, du);
            var dg = dGate.Slice(start, count);
            TensorPrimitives.Multiply(d, u, dg);
            TensorPrimitives.Multiply(dg, t, dg);
        }
    }

    private static void CheckLengths(int gate, int up, int dh, int output)
    {
        if (gate != up || gate != dh || gate != output)
        {
            throw new ArgumentException($"SwiGLU spans must have equal lengths; got gate {gate}, up {up}, gradient {dh}, output {output}.");
        }
    }
}
