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

    public static void WriteRecipe(string folder, PretrainOptions o) =>
        File.WriteAllText(Path.Combine(folder, "stream.json"), JsonSerializer.Serialize(new
        {
            seed = o.Seed,
            learning_rate = o.LearningRate,
            warmup_ratio = o.WarmupRatio,
            weight_decay = o.WeightDecay,
            beta1 = 0.9,
            beta2 = 0.99,
            max_grad_norm = 1.0,
            batch = o.SequencesPerStep,
            schedule = "linear warm-up, then cosine to 0; loss is the mean over a batch's target tokens",
            warmup_phase = new { steps = o.InductionWarmupSteps, batch = o.InductionWarmupBatch, schedule = "linear warm-up over 5 % of its steps, then constant; fresh AdamW for the corpus phase" },
        }, new JsonSerializerOptions { WriteIndented = true }));
}
