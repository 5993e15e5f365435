using BetterTogether.Engine.Training;
using BetterTogether.Trainer.TorchSharp.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BetterTogether.Trainer.TorchSharp.Training;

/// <summary>
/// Forward and backward of one micro-batch, adding <c>lossScale · ∇ Σ_targets −log p(token)</c> to the LoRA gradients.
/// Sequences are right-padded to the longest: under the causal mask a real position never sees a pad, and pads are
/// never targets, so padding changes nothing. The loss head runs in chunks of target rows, each back-propagated to the
/// final hidden states before the next. With gradient checkpointing the forward keeps only each layer's input and
/// each layer is recomputed (same dropout generator seed) just before its backward.
/// </summary>
internal sealed class MicroBatchPass(TorchLlama model, TorchLoraTrainerSettings settings)
{
    /// <summary>Runs the pass; returns the summed (unscaled) loss over the target tokens.</summary>
    /// <param name="batch">The sequences.</param>
    /// <param name="lossScale">Multiplier of the summed loss (1 / targets of the optimizer step).</param>
    /// <param name="dropoutSeed">Seeds the dropout generator of layer l with <c>dropoutSeed + l</c>.</param>
    public double Run(IReadOnlyList<TrainingSequence> batch, double lossScale, ulong dropoutSeed)
    {
        var length = batch.Max(s => s.Tokens.Count);
        var ids = new long[batch.Count * length];
        var rows = new List<long>();
        var labels = new List<long>();
        for (var b = 0; b < batch.Count; b++)
        {
            var seq = batch[b];
            model.CheckTokens(seq.Tokens);
            for (var t = 0; t < seq.Tokens.Count; t++)
            {
                ids[(b * length) + t] = seq.Tokens[t];
                if (t + 1 < seq.Tokens.Count && seq.TargetMask[t + 1])
                {
                    rows.Add((b * length) + t);
                    labels.Add(seq.Tokens[t + 1]);
                }
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        var device = model.Weights.Target.Device;
        using var scope = torch.NewDisposeScope();
        var input = torch.tensor(ids, [batch.Count, length], ScalarType.Int64, device);
        var rowIndex = torch.tensor(rows.ToArray(), ScalarType.Int64, device);
        var labelIndex = torch.tensor(labels.ToArray(), ScalarType.Int64, device);
        return settings.GradientCheckpointing
            ? RunCheckpointed(input, rowIndex, labelIndex, lossScale, dropoutSeed)
            : Head(Forward(input, dropoutSeed), rowIndex, labelIndex, lossScale);
    }

    private Tensor Forward(Tensor input, ulong dropoutSeed)
    {
        var x = model.Embed(input);
        for (var l = 0; l < model.Config.NumHiddenLayers; l++)
        {
            using var dropout = DropoutGenerator(dropoutSeed, l);
            x = model.Layer(l, x, dropout);
        }

        return x;
    }

    private double RunCheckpointed(Tensor input, Tensor rows, Tensor labels, double lossScale, ulong dropoutSeed)
    {
        var layers = model.Config.NumHiddenLayers;
        var inputs = new Tensor[layers];
        Tensor last;
        using (torch.no_grad())
        {
            var x = model.Embed(input);
            for (var l = 0; l < layers; l++)
            {
                inputs[l] = x;
                using var layerScope = torch.NewDisposeScope();
                using var dropout = DropoutGenerator(dropoutSeed, l);
                x = model.Layer(l, x, dropout).MoveToOuterDisposeScope();
            }

            last = x;
        }

        var top = last.detach().requires_grad_(true);
        var loss = Head(top, rows, labels, lossScale);
        var gradient = top.grad!;
        for (var l = layers - 1; l >= 0; l--)
        {
            using var layerScope = torch.NewDisposeScope();
            var layerInput = inputs[l].detach().requires_grad_(true);
            using var dropout = DropoutGenerator(dropoutSeed, l);
            model.Layer(l, layerInput, dropout).backward([gradient]);

            // The stored input and the layer's output gradient are spent: free them now, not at the end of the micro-batch.
            gradient.Dispose();
            inputs[l].Dispose();
            gradient = layerInput.grad!.MoveToOuterDisposeScope();
        }

        return loss;
    }

    /// <summary>Final norm, vocabulary projection and cross-entropy at the target rows, in chunks; back-propagates into <paramref name="hidden"/>.</summary>
    private double Head(Tensor hidden, Tensor rows, Tensor labels, double lossScale)
    {
        var normed = model.FinalNorm(hidden);
        var selected = normed.view(-1, model.Config.HiddenSize).index_select(0, rows);
        var leaf = selected.detach().requires_grad_(true);
        var total = rows.shape[0];
        double loss = 0;
        for (long start = 0; start < total; start += settings.LossChunkRows)
        {
            using var chunkScope = torch.NewDisposeScope();
            var n = Math.Min(settings.LossChunkRows, total - start);
            var logits = F.linear(leaf.narrow(0, start, n), model.Weights.LmHead).to(ScalarType.Float32);
            var chunkLoss = F.cross_entropy(logits, labels.narrow(0, start, n), reduction: nn.Reduction.Sum);
            loss += chunkLoss.item<float>();
            (chunkLoss * lossScale).backward();
        }

        selected.backward([leaf.grad!]);
        return loss;
    }

    private Generator DropoutGenerator(ulong seed, int layer) => new(unchecked(seed + (ulong)layer), model.Weights.Target.Device);
}
