using System.Text.Json;
using BetterTogether.Engine.Training;

namespace BetterTogether.Pretraining.Training;

/// <summary>
/// Writes a pretraining run's tokenized stream in flat little-endian arrays, so the same run can be replayed by
/// another trainer (a GPU one, to explore recipes faster than the 2-core machine can): per phase
/// <c>NAME.tokens.i32</c> (every sequence's ids, concatenated), <c>NAME.targets.u8</c> (1 where a token is a
/// target, i.e. predicted from the tokens before it) and <c>NAME.offsets.i64</c> (sequence starts, then the end).
/// </summary>
internal static class TrainingStreamExport
{
    public static void WritePhase(string folder, string name, IReadOnlyList<TrainingSequence> sequences)
    {
        using var tokens = new BinaryWriter(File.Create(Path.Combine(folder, name + ".tokens.i32")));
        using var targets = new BinaryWriter(File.Create(Path.Combine(folder, name + ".targets.u8")));
        using var offsets = new BinaryWriter(File.Create(Path.Combine(folder, name + ".offsets.i64")));
        long offset = 0;
        foreach (var sequence in sequences)
        {
            offsets.Write(offset);
            for (var i = 0; i < sequence.Tokens.Count; i++)
            {
                tokens.Write(sequence.Tokens[i]);
                targets.Write(sequence.TargetMask[i] ? (byte)1 : (byte)0);
            }

            offset += sequence.Tokens.Count;
        }

        offsets.Write(offset);
    }

    /// <summary>Writes <c>stream.json</c>: both phases' optimizer settings, as the C# trainer uses them.</summary>
    public static void WriteRecipe(string folder, LoraTrainerOptions warmup, int warmupSteps, double warmupTargetLoss, LoraTrainerOptions corpus, int corpusSteps) =>
        File.WriteAllText(Path.Combine(folder, "stream.json"), JsonSerializer.Serialize(new
        {
            warmup_phase = Phase(warmup, warmupSteps),
            // The warm-up ends early once the mean loss of a window of this many steps is below the target (0: never).
            warmup_target_window = InductionWarmup.Window,
            warmup_target_loss = warmupTargetLoss,
            corpus_phase = Phase(corpus, corpusSteps),
            loss = "mean over the target tokens of a batch",
        }, new JsonSerializerOptions { WriteIndented = true }));

    // A schedule: linear warm-up over warmup_ratio of the phase's steps, then cosine to 0 or constant; each phase has a fresh AdamW.
    private static object Phase(LoraTrainerOptions o, int steps) => new
    {
        steps,
        batch = o.BatchSize,
        learning_rate = o.LearningRate,
        warmup_ratio = o.WarmupRatio,
        cosine = o.CosineSchedule,
        weight_decay = o.WeightDecay,
        beta1 = o.Beta1,
        beta2 = o.Beta2,
        epsilon = o.Epsilon,
        max_grad_norm = o.MaxGradNorm,
    };
}
