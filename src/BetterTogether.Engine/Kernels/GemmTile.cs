namespace BetterTogether.Engine.Kernels;

/// <summary>Scalar write-back of an edge tile that does not fill the micro-kernel's register block.</summary>
internal static class GemmTile
{
    /// <summary>Writes <c>alpha * tile + beta * C</c> for the valid mr×nr corner (C not read when beta is 0).</summary>
    public static unsafe void StorePartial(float* tile, int tileStride, float* c, int ldc, float alpha, float beta, int mr, int nr)
    {
        for (var r = 0; r < mr; r++)
        {
            var src = tile + (r * tileStride);
            var dst = c + (r * ldc);
            if (beta == 0f)
            {
                for (var j = 0; j < nr; j++)
                {
                    dst[j] = alpha * src[j];
                }
            }
            else
            {
                for (var j = 0; j < nr; j++)
                {
                    dst[j] = (alpha * src[j]) + (beta * dst[j]);
                }
            }
        }
    }
}
