namespace BetterTogether.Engine.Model;

/// <summary>RoPE frequency scaling from <c>rope_scaling</c> / <c>rope_parameters</c>: <c>linear</c> or <c>llama3</c>.</summary>
/// <param name="Type"><c>linear</c> or <c>llama3</c>.</param>
/// <param name="Factor">Scaling factor.</param>
/// <param name="LowFreqFactor">llama3: low-frequency factor.</param>
/// <param name="HighFreqFactor">llama3: high-frequency factor.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3: the pre-extension context length.</param>
public sealed record RopeScaling(string Type, double Factor, double LowFreqFactor = 1, double HighFreqFactor = 4, int OriginalMaxPositionEmbeddings = 8192)
{
    /// <summary>Applies the scaling to the inverse frequencies, as HF's <c>_compute_llama3_parameters</c> / linear scaling.</summary>
    /// <param name="invFreq">θ^(−2i/d) per pair, modified in place.</param>
    public void Apply(Span<float> invFreq)
    {
        for (var i = 0; i < invFreq.Length; i++)
        {
            double f = invFreq[i];
            if (Type == "linear")
            {
                invFreq[i] = (float)(f / Factor);
                continue;
            }

            var lowWavelen = OriginalMaxPositionEmbeddings / LowFreqFactor;
            var highWavelen = OriginalMaxPositionEmbeddings / HighFreqFactor;
            var wavelen = 2 * Math.PI / f;
            var scaled = wavelen > lowWavelen ? f / Factor : f;
            if (!(wavelen < highWavelen) && !(wavelen > lowWavelen))
            {
                var smooth = ((OriginalMaxPositionEmbeddings / wavelen) - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
                scaled = ((1 - smooth) * scaled / Factor) + (smooth * scaled);
            }

            invFreq[i] = (float)scaled;
        }
    }
}
