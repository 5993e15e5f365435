using System.Globalization;
using System.Text;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Corpus.Classification;

namespace BetterTogether.Pretraining.Training;

/// <summary>Writes the model folder's <c>README.md</c>: how it was made and how to reproduce it.</summary>
public static class ModelCard
{
    /// <summary>The marker pair that encloses the quality-gate section (rewritten by <c>bt quality-gate</c>).</summary>
    public const string GateStart = "<!-- quality-gate:start -->";

    /// <summary>End marker of the quality-gate section.</summary>
    public const string GateEnd = "<!-- quality-gate:end -->";

    /// <summary>Writes <c>README.md</c> into <paramref name="folder"/>, keeping an existing quality-gate section.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="result">The run.</param>
    /// <param name="previousCard">For continued pretraining: the starting model's README, whose reproduction steps and run are kept.</param>
    public static void Write(string folder, PretrainResult result, string? previousCard = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = Path.Combine(folder, "README.md");
        var gate = File.Exists(path) ? Section(File.ReadAllText(path)) : null;
        var o = result.Options;
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();

        // The pretrainer generates its corpus with the default shares, so the card states those.
        var corpus = new CorpusOptions();
        sb.AppendLine("# bt-tiny: the bundled base model");
        sb.AppendLine();
        sb.AppendLine("A small Llama-architecture model made by this project with `bt pretrain`, so that a first run needs no GPU,");
        sb.AppendLine("no internet and no download. It is trained from scratch on a synthetic corpus of the three task families");
        sb.AppendLine("(feature-based classification with many random threshold rules, arithmetic word problems, two-hop questions");
        sb.AppendLine("over BM25-retrieved passages), rendered exactly as the ChatAdapter prompts them (`[[ ## field ## ]]`, ChatML),");
        sb.AppendLine("with 0..k demos. A classification reasoning walks the labels in order, each with the threshold its interval ends");
        sb.AppendLine("at and the value's side of it, up to the first threshold above the value (`petal_length is 4.0; alpha ends at 2.5,");
        sb.AppendLine("4.0 is above; beta ends at 4.8, 4.0 is below, so beta.`). Some demos carry only the values and the label, as");
        sb.AppendLine(c, $"DSPy's labeled demos do: in {Share(ClassificationDocuments.LabeledSetRate)} of the prompts with demos all of them, so the thresholds have to be");
        sb.AppendLine("read off the demos' values and labels. A word problem's or a two-hop answer's reasoning is");
        sb.AppendLine("worked (the steps, then the answer) or direct (`The answer is 12.`), one style per document, demos and reply alike:");
        sb.AppendLine(c, $"{Share(SolutionStyles.DirectShareWithoutDemos)} of the documents without demos are direct and {Share(SolutionStyles.DirectShareWithDemos)} of those with demos, so zero-shot the model leans");
        sb.AppendLine("to the bare answer, as text mostly states results, and demos or traces that show the steps steer it to them.");
        sb.AppendLine("A two-hop second search query names the bridge entity read in the first passage or searches the question again,");
        sb.AppendLine(c, $"one style per document in the same way: {Share(SecondQueryStyles.QuestionShareWithoutDemos)} of the documents without demos search the question and");
        sb.AppendLine(c, $"{Share(SecondQueryStyles.QuestionShareWithDemos)} of those with demos, so zero-shot the model mostly misses the second passage, and demos or traces");
        sb.AppendLine("that name the bridge (as correct traces mostly do) steer it to the bridge.");
        sb.AppendLine("Copying from the context, which every family");
        sb.AppendLine("needs, is taught first: a warm-up on random-token copy sequences (kept in the mix afterwards), then short reading");
        sb.AppendLine("drills without a system prompt (repeat a list, answer a one-hop question). After them, short drills with the loss");
        sb.AppendLine(c, $"on the reply make up part of the mix: reading ({Share(corpus.ReadingShare)} of the documents), calculation (lists of equations in the word");
        sb.AppendLine(c, $"problems' shapes; {Share(corpus.CalculationShare)}) and comparison (a threshold rule stated label by label, then values to classify in the");
        sb.AppendLine(c, $"reasoning's phrase, half of them next to a threshold; {Share(corpus.ComparisonShare)}). The classification rules carry world knowledge, as a");
        sb.AppendLine("pretrained LM has it: a flower's rule usually splits on a petal measurement, and sepals and petals span the sizes a");
        sb.AppendLine("botany text gives (petals about 1-7 cm long and 0.1-2.5 cm wide); the thresholds within those ranges stay random.");
        sb.AppendLine("Invented species names vary in length and shape, so a label is copied to its end, not completed from a template.");
        sb.AppendLine("The corpus never contains Iris rows or the tasks' train/dev/test items (generators' pretraining");
        sb.AppendLine("partitions).");
        sb.AppendLine();
        sb.AppendLine("## Reproduce");
        sb.AppendLine();
        var earlier = previousCard is null ? [] : previousCard.Split('\n').Where(l => l.StartsWith("    bt pretrain", StringComparison.Ordinal)).ToList();
        foreach (var line in earlier)
        {
            sb.AppendLine(line.TrimEnd('\r'));
        }

        var init = o.InitFrom is null ? string.Empty : $" --init-from {o.InitFrom.Replace('\\', '/')}";
        sb.AppendLine(c, $"    bt pretrain --seed {o.Seed} --steps {o.Steps}{init} --batch {o.SequencesPerStep} --lr {o.LearningRate} --warmup-steps {o.InductionWarmupSteps}{(o.InductionWarmupTargetLoss > 0 ? $" --warmup-target-loss {o.InductionWarmupTargetLoss}" : string.Empty)}{(o.LossOnAllTokens ? string.Empty : " --assistant-loss-only")}{(o.MaxWallTime is { } limit ? $" --minutes {limit.TotalMinutes}" : string.Empty)} --output {o.OutputFolder.Replace('\\', '/')}");
        sb.AppendLine();
        sb.AppendLine("## Run");
        sb.AppendLine();
        sb.AppendLine("| setting | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(c, $"| seed | {o.Seed} |");
        sb.AppendLine(c, $"| architecture | llama, hidden {o.HiddenSize}, MLP {o.IntermediateSize}, {o.Layers} layers, {o.Heads} heads ({o.KeyValueHeads} KV), context {o.ContextLength}, tied embeddings |");
        sb.AppendLine(c, $"| parameters | {result.Parameters:N0} (stored as bf16) |");
        sb.AppendLine(c, $"| tokenizer | byte-level BPE, vocabulary {o.VocabSize} (ChatML special tokens), {(o.InitFrom is null ? $"trained on {o.TokenizerSampleDocuments} corpus documents sampled evenly" : "reused from the starting model")} |");
        sb.AppendLine(c, $"| corpus | {result.Documents:N0} documents, {result.Tokens:N0} tokens ({result.TargetTokens:N0} target tokens: {(o.LossOnAllTokens ? "every token of task documents, replies of drills" : "assistant replies only")}); {result.DroppedDocuments} longer than the context left out |");
        sb.AppendLine(c, $"| copy warm-up | {(result.WarmupSteps == 0 ? "none" : $"{result.WarmupSteps} steps × {o.InductionWarmupBatch} random-token copy sequences before the corpus{WarmupEnd(o, result)}")}{(o.InductionMixEvery == 0 ? string.Empty : $"; then one after every {o.InductionMixEvery} corpus documents")} |");
        sb.AppendLine(c, $"| optimisation | AdamW (β2 0.99, weight decay {o.WeightDecay}), peak lr {o.LearningRate}, {o.WarmupRatio:P0} warm-up then cosine, {o.SequencesPerStep} documents per step, one epoch |");
        sb.AppendLine(c, $"| steps | {result.StepsDone} of {result.StepsPlanned}{(result.StoppedEarly ? " (stopped early by the wall-time limit)" : string.Empty)} |");
        sb.AppendLine(c, $"| wall time | {result.WallTime.TotalMinutes:F1} minutes (2 shared CPU cores) |");
        sb.AppendLine();
        sb.AppendLine(o.LossOnAllTokens ? "## Loss (mean per token)" : "## Loss (mean per assistant token)");
        sb.AppendLine();
        sb.AppendLine("| step | loss |");
        sb.AppendLine("|---:|---:|");
        foreach (var (step, loss) in result.LossCurve)
        {
            sb.AppendLine(c, $"| {step} | {loss:F3} |");
        }

        if (previousCard is not null && Earlier(previousCard) is { } stage)
        {
            sb.AppendLine();
            sb.AppendLine("## Earlier stage (the starting model)");
            sb.AppendLine();
            sb.AppendLine(stage.Replace("## ", "### ", StringComparison.Ordinal));
        }

        sb.AppendLine();
        sb.AppendLine(gate ?? $"{GateStart}\n## Quality gate\n\nNot measured yet: run `bt quality-gate --model {o.OutputFolder.Replace('\\', '/')}`.\n{GateEnd}");
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Replaces (or appends) the quality-gate section of <c>README.md</c> in <paramref name="folder"/>.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="markdown">The section body.</param>
    public static void WriteGateSection(string folder, string markdown)
    {
        var path = Path.Combine(folder, "README.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var section = $"{GateStart}\n{markdown.TrimEnd()}\n{GateEnd}";
        var start = text.IndexOf(GateStart, StringComparison.Ordinal);
        var end = text.IndexOf(GateEnd, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text[..start] + section + text[(end + GateEnd.Length)..]
            : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, text);
    }

    private static string WarmupEnd(PretrainOptions o, PretrainResult result) =>
        o.InductionWarmupTargetLoss <= 0 ? string.Empty
        : result.WarmupSteps < o.InductionWarmupSteps ? string.Create(CultureInfo.InvariantCulture, $" (ended when the copy loss over {InductionWarmup.Window} steps fell below {o.InductionWarmupTargetLoss}; cap {o.InductionWarmupSteps})")
        : string.Create(CultureInfo.InvariantCulture, $" (its cap; the copy loss did not fall below {o.InductionWarmupTargetLoss} earlier)");

    private static string Share(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0} %");

    private static string? Earlier(string card)
    {
        var start = card.IndexOf("## Run", StringComparison.Ordinal);
        var end = card.IndexOf(GateStart, StringComparison.Ordinal);
        return start < 0 ? null : (end > start ? card[start..end] : card[start..]).Trim();
    }

    private static string? Section(string text)
    {
        var start = text.IndexOf(GateStart, StringComparison.Ordinal);
        var end = text.IndexOf(GateEnd, StringComparison.Ordinal);
        return start >= 0 && end > start ? text[start..(end + GateEnd.Length)] : null;
    }
}
