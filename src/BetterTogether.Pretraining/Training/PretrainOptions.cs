namespace BetterTogether.Pretraining.Training;

/// <summary>Settings of <see cref="Pretrainer"/>: corpus size, tokenizer, architecture and optimisation.</summary>
public sealed record PretrainOptions
{
    /// <summary>Seed of the corpus, the initial weights and the data order.</summary>
    public int Seed { get; init; }

    /// <summary>Where the model folder is written.</summary>
    public string OutputFolder { get; init; } = Path.Combine("models", "bt-tiny");

    /// <summary>Where resumable checkpoints go (deleted after a completed run).</summary>
    public string CheckpointFolder { get; init; } = Path.Combine(".bt", "pretrain", "checkpoint");

    /// <summary>Optimizer steps; the corpus holds <c>Steps × SequencesPerStep</c> documents, seen once.</summary>
    public int Steps { get; init; } = 900;

    /// <summary>Documents per optimizer step.</summary>
    public int SequencesPerStep { get; init; } = 8;

    /// <summary>Peak learning rate (AdamW, linear warm-up then cosine decay).</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Fraction of steps spent warming up.</summary>
    public double WarmupRatio { get; init; } = 0.05;

    /// <summary>AdamW weight decay on matrices.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Stop (and save what was learned) after this much wall time; null for no limit.</summary>
    public TimeSpan? MaxWallTime { get; init; }

    /// <summary>Save a checkpoint every this many steps.</summary>
    public int CheckpointEvery { get; init; } = 25;

    /// <summary>Record the loss curve every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Tokenizer vocabulary size (including 3 special tokens and 256 bytes).</summary>
    public int VocabSize { get; init; } = 2048;

    /// <summary>Documents sampled to train the tokenizer.</summary>
    public int TokenizerSampleDocuments { get; init; } = 1500;

    /// <summary>Write this many rendered documents next to the output folder, to inspect the corpus (0: none).</summary>
    public int DumpCorpusDocuments { get; init; }

    /// <summary>
    /// Train on every token of a task document (system prompt, demos, queries and replies), not only on the assistant
    /// replies (reading drills always train on the reply only). Costs a little more per token (logits at every position) but gives copying and reading far more
    /// signal: passages repeat titles and names, questions repeat what the passages say.
    /// </summary>
    public bool LossOnAllTokens { get; init; } = true;

    /// <summary>
    /// Most steps of the random-token copy phase that opens a run from scratch (0: none). The phase's learning rate
    /// ramps up over 5 % of these steps and its copy sequences are shuffled as one set, so the cap shapes the run, not
    /// only its length: with seed 1 (and the GEMM attention kernel of run 11), 1200 steps formed the copying circuit by
    /// step 800, and 4000 steps had not by step 3300.
    /// </summary>
    public int InductionWarmupSteps { get; init; } = 2000;

    /// <summary>
    /// End the copy phase once its mean copy loss over the last 100 steps falls below this (0, the default: it runs
    /// all its steps, as the committed model's run did). When the copying circuit forms depends on the seed, on float
    /// rounding and on the phase's length (a phase change); a target ends the phase when the circuit is there.
    /// </summary>
    public double InductionWarmupTargetLoss { get; init; }

    /// <summary>One random-token copy sequence after every this many corpus documents (0: none).</summary>
    public int InductionMixEvery { get; init; } = 3;

    /// <summary>Copy sequences per step of that phase (a small batch is too noisy for copying to form).</summary>
    public int InductionWarmupBatch { get; init; } = 16;

    /// <summary>Start from this model folder's weights and tokenizer (continued pretraining); null trains from scratch.</summary>
    public string? InitFrom { get; init; }

    /// <summary>Residual width.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>MLP width.</summary>
    public int IntermediateSize { get; init; } = 512;

    /// <summary>Decoder layers.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Query heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads.</summary>
    public int KeyValueHeads { get; init; } = 2;

    /// <summary>Context length; longer documents are left out of the corpus.</summary>
    public int ContextLength { get; init; } = 1024;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(CheckpointFolder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SequencesPerStep);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRatio);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CheckpointEvery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LogEvery);
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabSize, 300);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TokenizerSampleDocuments);
        ArgumentOutOfRangeException.ThrowIfNegative(InductionWarmupSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(InductionWarmupTargetLoss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InductionWarmupBatch);
        ArgumentOutOfRangeException.ThrowIfNegative(InductionMixEvery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(IntermediateSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Heads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(KeyValueHeads);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextLength, 64);
        if (HiddenSize % Heads != 0 || Heads % KeyValueHeads != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Heads), "hidden size must be a multiple of heads, and heads a multiple of key/value heads.");
        }
    }
}
