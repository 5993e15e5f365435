using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Lora;

/// <summary>Folds an adapter into base weights: <c>W' = W + (alpha/r)·B·A</c>.</summary>
public static class LoraMerger
{
    /// <summary>Returns a new model whose weights include <paramref name="adapter"/>; the base model is unchanged.</summary>
    /// <param name="model">The base model.</param>
    /// <param name="adapter">The adapter to fold in.</param>
    /// <returns>The merged model.</returns>
    public static LlamaModel Merge(LlamaModel model, LoraAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapter);
        model.CheckInput([0], 0, adapter);
        var merged = new LlamaModel(model.Config, (float[])model.Weights.Clone());
        var c = model.Config;
        var r = adapter.Config.Rank;
        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            foreach (var m in LinearModules.All.Where(m => adapter.Targets(l, m)))
            {
                var inF = m.InFeatures(c);
                var outF = m.OutFeatures(c);
                var w = merged.Weights.AsSpan(merged.Layout.Layers[l].Weight[(int)m], outF * inF);
                Gemm.Sgemm(false, false, outF, inF, r, adapter.Config.Scaling, adapter.B(l, m), r, adapter.A(l, m), inF, 1f, w, inF);
            }
        }

        return merged;
    }
}
