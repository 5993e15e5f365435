using System.Numerics.Tensors;

namespace BetterTogether.Engine.Kernels;

/// <summary>Numerically stable softmax over rows, forward and backward, vectorised through <see cref="TensorPrimitives"/>.</summary>
public static class Softmax
{
    /// <summary>Replaces each row of <paramref name="x"/> (length a multiple of <paramref name="cols"/>) by its softmax.</summary>
    /// <param name="x">Rows of logits, overwritten with probabilities.</param>
    /// <param name="cols">Row length.</param>
    /// <exception cref="ArgumentException">The length is not a whole number of rows.</exception>
    public static void ForwardInPlace(Span<float> x, int cols)
    {
        var rows = Rows(x.Length, cols, nameof(x));
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }

    /// <summary>Gradient through softmax rows: <c>dx = y ⊙ (dy − dot(dy, y))</c>.</summary>
    /// <param name="y">The forward output rows.</param>
    /// <param name="dy">Gradient of the output.</param>
    /// <param name="dx">Receives the input gradient (may alias dy).</param>
    /// <param name="cols">Row length.</param>
    /// <exception cref="ArgumentException">The lengths disagree or are not a whole number of rows.</exception>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int cols)
    {
        var rows = Rows(y.Length, cols, nameof(y));
        if (dy.Length != y.Length || dx.Length != y.Length)
        {
            throw new ArgumentException($"Softmax backward spans must match: y {y.Length}, dy {dy.Length}, dx {dx.Length}.");
        }

        for (var r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * cols, cols);
            var dxr = dx.Slice(r * cols, cols);
            var dot = TensorPrimitives.Dot(dy.Slice(r * cols, cols), yr);
            TensorPrimitives.Subtract(dy.Slice(r * cols, cols), dot, dxr);
            TensorPrimitives.Multiply(dxr, yr, dxr);
        }
    }

    private static int Rows(int length, int cols, string name)
    {
        if (cols <= 0 || length % cols != 0)
        {
            throw new ArgumentException($"Length {length} of {name} is not a whole number of rows of {cols}.", name);
        }

        return length / cols;
    }
}
