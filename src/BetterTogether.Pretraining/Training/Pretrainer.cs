using System.Globalization;
using System.Text.Json;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.SafeTensors;
using BetterTogether.Engine.Tokenization;
using BetterTogether.Engine.Tokenization.Training;
using BetterTogether.Engine.Training;
using BetterTogether.Pretraining.Corpus;

namespace BetterTogether.Pretraining.Training;

/// <summary>
/// Makes the bundled base model: generates the corpus, trains the byte-level BPE tokenizer on a sample of it,
/// and trains a small Llama model from scratch (all parameters, AdamW, warm-up + cosine, loss on assistant
/// tokens), checkpointing so an interrupted run resumes; writes an HF folder with a generated README.
/// </summary>
public sealed class Pretrainer
{
    /// <summary>The special tokens of the bundled tokenizer (ChatML).</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    private readonly PretrainOptions _options;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;

    /// <summary>Creates a pretrainer.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="log">Where progress lines go.</param>
    /// <param name="timeProvider">Clock for throughput, ETA and the wall-time limit (default: system).</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public Pretrainer(PretrainOptions options, TextWriter log, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        _options = options;
        _log = log;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The chat template of the bundled model (ChatML, no default system prompt).</summary>
    public static ChatTemplate Template { get; } = ChatTemplate.Create(ChatTemplateFamily.ChatML, eosToken: "<|im_end|>");

    /// <summary>Trains the tokenizer on the rendered text of <paramref name="documents"/>.</summary>
    /// <param name="documents">Sample documents.</param>
    /// <param name="vocabSize">Vocabulary size.</param>
    /// <returns>The trained vocabulary.</returns>
    public static TrainedBpe TrainTokenizer(IEnumerable<CorpusDocument> documents, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return BpeTrainer.Train(documents.Select(d => Template.Render(d.Turns, addGenerationPrompt: false)), vocabSize, SpecialTokens);
    }

    /// <summary>The architecture for <paramref name="options"/> and a tokenizer.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="tokenizer">The tokenizer (its vocabulary size and end-of-turn id).</param>
    /// <returns>The config.</returns>
    public static ModelConfig CreateConfig(PretrainOptions options, BpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new ModelConfig
        {
            ModelType = "llama",
            HiddenSize = options.HiddenSize,
            IntermediateSize = options.IntermediateSize,
            NumHiddenLayers = options.Layers,
            NumAttentionHeads = options.Heads,
            NumKeyValueHeads = options.KeyValueHeads,
            HeadDim = options.HiddenSize / options.Heads,
            MaxPositionEmbeddings = options.ContextLength,
            VocabSize = tokenizer.VocabSize,
            TieWordEmbeddings = true,
            RmsNormEps = 1e-5,
            EosTokenIds = [tokenizer.TokenToId("<|im_end|>") ?? throw new InvalidOperationException("The tokenizer lacks <|im_end|>.")],
        };
    }

    /// <summary>
    /// Writes the run's tokenizer, initial weights and tokenized stream (copy warm-up, then the corpus in training
    /// order) to <paramref name="folder"/> instead of training, for replaying the recipe with another trainer.
    /// </summary>
    /// <param name="folder">The folder to write (created; must be new or empty).</param>
    /// <exception cref="IOException">The folder is not empty.</exception>
    /// <exception cref="ArgumentException">The options continue from a model (<see cref="PretrainOptions.InitFrom"/>).</exception>
    public void Export(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (_options.InitFrom is not null)
        {
            throw new ArgumentException("Exporting a stream starts from scratch; --init-from does not apply.");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            // A stream holds random initial weights: never write it over a model folder.
            throw new IOException($"'{folder}' is not empty; export a stream into a new or empty folder.");
        }

        var o = _options with { OutputFolder = folder };
        var prepared = Prepare(o);
        var model = LlamaModel.CreateRandom(CreateConfig(o, prepared.Tokenizer), o.Seed);
        model.Save(folder);
        var warmup = InductionWarmup.Sequences(o, SpecialTokens.Count, model.Config.VocabSize, prepared.Separator);
        TrainingStreamExport.WritePhase(folder, "warmup", warmup);
        TrainingStreamExport.WritePhase(folder, "corpus", prepared.Sequences);
        var corpusOptions = CorpusTrainerOptions(o);
        TrainingStreamExport.WriteRecipe(folder, InductionWarmup.TrainerOptions(o), o.InductionWarmupSteps, o.InductionWarmupTargetLoss, corpusOptions, LoraTrainer.CountSteps(prepared.Sequences.Count, corpusOptions));
        Log($"Wrote the stream to {folder}: {warmup.Count} copy sequences, then {prepared.Sequences.Count} corpus sequences.");
    }

    /// <summary>Runs (or resumes) pretraining and writes the model folder.</summary>
    /// <param name="cancellationToken">Stops between sequences; what was learned is checkpointed and saved.</param>
    /// <returns>What the run did.</returns>
    public PretrainResult Run(CancellationToken cancellationToken = default)
    {
        var o = _options;
        var started = _time.GetTimestamp();
        var (tokenizer, sequences, dropped, tokens, targets, previousCard, separator) = Prepare(o);
        var model = o.InitFrom is { } from ? LlamaModel.Load(from) : LlamaModel.CreateRandom(CreateConfig(o, tokenizer), o.Seed);
        var mc = model.Config;
        o = o with { HiddenSize = mc.HiddenSize, IntermediateSize = mc.IntermediateSize, Layers = mc.NumHiddenLayers, Heads = mc.NumAttentionHeads, KeyValueHeads = mc.NumKeyValueHeads, ContextLength = mc.MaxPositionEmbeddings, VocabSize = mc.VocabSize };
        Log(string.Create(CultureInfo.InvariantCulture, $"Model: {model.Weights.Length:N0} parameters (hidden {o.HiddenSize}, {o.Layers} layers, {o.Heads} heads, {o.KeyValueHeads} kv heads, context {o.ContextLength})."));
        var trainer = new LoraTrainer(model, null, CorpusTrainerOptions(o), _time);
        var history = new LossHistory(o.CheckpointFolder);
        if (File.Exists(Path.Combine(o.CheckpointFolder, "trainer_state.json")))
        {
            trainer.LoadCheckpoint(o.CheckpointFolder);
            history.Load(trainer.CompletedSteps);
            Log($"Resumed from {o.CheckpointFolder} at step {trainer.CompletedSteps}.");
        }
        else if (o.InductionWarmupSteps > 0 && o.InitFrom is null)
        {
            history.WarmupSteps = InductionWarmup.Run(model, o, SpecialTokens.Count, separator, _time, Log, cancellationToken);
        }

        var totalSteps = LoraTrainer.CountSteps(sequences.Count, trainer.Options);
        var firstStep = trainer.CompletedSteps;
        var trainStart = _time.GetTimestamp();
        long tokensSeen = 0;
        var tokensPerStep = sequences.Count == 0 ? 0 : tokens * o.SequencesPerStep / sequences.Count;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (o.MaxWallTime is { } limit)
        {
            var left = limit - history.PriorWallTime - _time.GetElapsedTime(started);
            stop.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        trainer.StepCompleted += (_, p) =>
        {
            history.Add(p.Step, p.Loss);
            var seconds = Math.Max(1e-9, _time.GetElapsedTime(trainStart).TotalSeconds);
            tokensSeen += tokensPerStep;
            if (p.Step % o.LogEvery == 0 || p.Step == p.TotalSteps)
            {
                var perStep = seconds / (p.Step - firstStep);
                var eta = TimeSpan.FromSeconds(perStep * (p.TotalSteps - p.Step));
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"step {p.Step}/{p.TotalSteps} | loss {history.WindowMean(o.LogEvery):F3} | {tokensSeen / seconds:F0} tok/s | lr {p.LearningRate:0.0e+0} | grad {p.GradientNorm:F2} | elapsed {Format(TimeSpan.FromSeconds(seconds))} | ETA {Format(eta)}"));
            }

            if (p.Step % o.CheckpointEvery == 0 && p.Step < p.TotalSteps)
            {
                Checkpoint(trainer, history, started);
            }
        };

        try
        {
            trainer.Train(sequences, stop.Token);
        }
        catch (OperationCanceledException)
        {
            Log($"Stopped at step {trainer.CompletedSteps}/{totalSteps}; checkpoint saved, resume with the same command.");
        }

        var wall = history.PriorWallTime + _time.GetElapsedTime(started);
        if (trainer.CompletedSteps < totalSteps)
        {
            Checkpoint(trainer, history, started);
        }

        var result = new PretrainResult(o, sequences.Count, dropped, tokens, targets, trainer.CompletedSteps, totalSteps, history.Curve(o.LogEvery), wall, model.Weights.Length) { WarmupSteps = history.WarmupSteps };
        Save(model, result, previousCard);
        if (trainer.CompletedSteps >= totalSteps && Directory.Exists(o.CheckpointFolder))
        {
            Directory.Delete(o.CheckpointFolder, recursive: true);
        }

        Log($"Wrote {o.OutputFolder} ({Format(wall)} wall time).");
        return result;
    }

    /// <summary>The corpus phase's optimizer settings.</summary>
    private static LoraTrainerOptions CorpusTrainerOptions(PretrainOptions o) => new()
    {
        TrainBaseWeights = true,
        // The corpus is generated in random order already, with its warm-up drills first: keep that order.
        ShuffleData = false,
        LearningRate = o.LearningRate,
        WarmupRatio = o.WarmupRatio,
        CosineSchedule = true,
        WeightDecay = o.WeightDecay,
        BatchSize = o.SequencesPerStep,
        GradientAccumulationSteps = 1,
        MaxSequenceLength = o.ContextLength,
        Seed = o.Seed,
        Beta2 = 0.99,
    };

    private sealed record PreparedCorpus(BpeTokenizer Tokenizer, List<TrainingSequence> Sequences, int Dropped, long Tokens, long Targets, string? PreviousCard, int Separator);

    /// <summary>Generates the corpus, makes (or reuses) the tokenizer in <c>o.OutputFolder</c>, and tokenizes and mixes the stream.</summary>
    private PreparedCorpus Prepare(PretrainOptions o)
    {
        var planned = o.Steps * o.SequencesPerStep;
        Log($"Generating corpus: {planned} documents (seed {o.Seed})...");
        var corpus = PretrainingCorpus.Generate(new CorpusOptions { Seed = o.Seed, Documents = planned });
        BpeTokenizer tokenizer;
        string? previousCard = null;
        if (o.InitFrom is { } init)
        {
            // Continued pretraining: keep the starting model's tokenizer so its embeddings stay meaningful.
            Log($"Continuing from {init}: reusing its tokenizer.");
            tokenizer = BpeTokenizer.Load(Path.Combine(init, "tokenizer.json"));
            var readme = Path.Combine(init, "README.md");
            previousCard = File.Exists(readme) ? File.ReadAllText(readme) : null;
            Directory.CreateDirectory(o.OutputFolder);
            foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" })
            {
                var target = Path.Combine(o.OutputFolder, file);
                if (Path.GetFullPath(target) != Path.GetFullPath(Path.Combine(init, file)))
                {
                    File.Copy(Path.Combine(init, file), target, overwrite: true);
                }
            }
        }
        else
        {
            Log($"Training tokenizer (vocab {o.VocabSize}) on {Math.Min(o.TokenizerSampleDocuments, corpus.Count)} documents...");
            // An even sample across the corpus: its head is warm-up drills, not representative of the whole.
            var stride = Math.Max(1, corpus.Count / o.TokenizerSampleDocuments);
            var bpe = TrainTokenizer(corpus.Where((_, i) => i % stride == 0).Take(o.TokenizerSampleDocuments), o.VocabSize);
            tokenizer = bpe.ToTokenizer();
            Directory.CreateDirectory(o.OutputFolder);
            bpe.Save(o.OutputFolder, new TokenizerSaveOptions { ModelMaxLength = o.ContextLength });
        }

        if (o.DumpCorpusDocuments > 0)
        {
            var dump = Path.Combine(o.OutputFolder, "..", Path.GetFileName(Path.GetFullPath(o.OutputFolder)) + ".corpus-sample.txt");
            File.WriteAllLines(dump, corpus.Take(o.DumpCorpusDocuments).Select(d => Template.Render(d.Turns, addGenerationPrompt: false) + "\n=====\n"));
            Log($"Wrote {o.DumpCorpusDocuments} rendered documents to {dump}.");
        }

        // Random-token copy sequences (warm-up and mix-in) are framed by <|im_start|>, as documents are.
        int Separator() => tokenizer.TokenToId("<|im_start|>") ?? throw new InvalidOperationException("The tokenizer lacks <|im_start|>.");
        Log("Tokenizing...");
        var sequences = new List<TrainingSequence>(corpus.Count);
        var dropped = 0;
        long tokens = 0, targets = 0;
        foreach (var doc in corpus)
        {
            var example = Template.RenderForTraining(tokenizer, doc.Turns);
            if (example.Ids.Length > o.ContextLength)
            {
                dropped++;
                continue;
            }

            var allTokens = o.LossOnAllTokens && !doc.Family.IsDrill();
            var seq = new TrainingSequence(example.Ids, allTokens ? AllTargets(example.Ids.Length) : example.IsAssistantTarget);
            sequences.Add(seq);
            tokens += example.Ids.Length;
            targets += seq.TargetCount;
        }

        if (o.InductionMixEvery > 0)
        {
            // Copy sequences stay in the mix: without them the task corpus erases the copying the warm-up built.
            var copies = InductionWarmup.Create(sequences.Count / o.InductionMixEvery, unchecked(o.Seed + 1), SpecialTokens.Count, tokenizer.VocabSize, Separator());
            var mixed = new List<TrainingSequence>(sequences.Count + copies.Count);
            for (var i = 0; i < sequences.Count; i++)
            {
                mixed.Add(sequences[i]);
                if ((i + 1) % o.InductionMixEvery == 0 && (i / o.InductionMixEvery) < copies.Count)
                {
                    mixed.Add(copies[i / o.InductionMixEvery]);
                }
            }

            sequences = mixed;
            tokens += copies.Sum(c => (long)c.Tokens.Count);
            targets += copies.Sum(c => (long)c.TargetCount);
            Log($"Mixed in {copies.Count} random-token copy sequences (one after every {o.InductionMixEvery} documents).");
        }

        Log(string.Create(CultureInfo.InvariantCulture, $"Corpus: {sequences.Count} documents, {tokens} tokens ({targets} target tokens), {dropped} dropped as longer than {o.ContextLength}."));
        return new PreparedCorpus(tokenizer, sequences, dropped, tokens, targets, previousCard, Separator());
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private static bool[] AllTargets(int length)
    {
        var mask = new bool[length];
        mask.AsSpan(1).Fill(true);
        return mask;
    }

    private void Checkpoint(LoraTrainer trainer, LossHistory history, long started)
    {
        trainer.SaveCheckpoint(_options.CheckpointFolder);
        history.Save(history.PriorWallTime + _time.GetElapsedTime(started));
    }

    private void Save(LlamaModel model, PretrainResult result, string? previousCard)
    {
        var folder = _options.OutputFolder;
        Directory.CreateDirectory(folder);
        model.Save(folder, SafeTensorsDType.BF16);
        File.WriteAllText(Path.Combine(folder, "generation_config.json"), JsonSerializer.Serialize(new { eos_token_id = model.Config.EosTokenIds, max_new_tokens = 256 }));
        ModelCard.Write(folder, result, previousCard);
    }

    private void Log(string line) => _log.WriteLine(line);
}
