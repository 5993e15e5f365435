namespace BetterTogether.Engine.Kernels;

/// <summary>Validation of a matrix argument against its span, so a bad stride fails loudly instead of reading out of range.</summary>
internal static class GemmArguments
{
    /// <summary>Throws when a rows×cols matrix with row stride <paramref name="ld"/> does not fit in <paramref name="length"/> elements.</summary>
    public static void CheckMatrix(int length, int rows, int cols, int ld, string spanName, string strideName)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(strideName, ld, $"Stride {strideName}={ld} is smaller than the row length {cols}.");
        }

        var needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException($"Matrix {spanName} has {length} elements but {rows}×{cols} with stride {ld} needs {needed}.", spanName);
        }
    }
}
