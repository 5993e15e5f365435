using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Examples;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Randomness;

namespace BetterTogether.Core.Optimizers;

/// <summary>
/// Alternates prompt and weight optimization (DSPy's <c>BetterTogether</c>; Soylu, Potts, Khattab, EMNLP 2024):
/// scores the baseline on the valset, then runs the strategy's optimizers in order on a trainset reshuffled by a
/// seeded RNG before each step, scoring and keeping every intermediate program; the first failing step stops the run
/// and the best program so far is returned with <see cref="BetterTogetherResult.ErrorOccurred"/> set.
/// </summary>
/// <remarks>
/// <para>
/// Scoring, skipping, seeding and selection follow <see cref="BetterTogetherStepPolicy"/>, which the durable
/// orchestration follows too, so both give the same result on the same inputs (a weight step with nothing to train on
/// is skipped, an aborted evaluation scores 0, the run's seed seeds fine-tuning).
/// </para>
/// <para>
/// Beyond DSPy: predictors keep their LM through resets, so a prompt step after a weight step bootstraps and scores
/// demos on the fine-tuned LM (DSPy's reset drops the LM and falls back to the base model). Deviations: the seed
/// defaults to 0 instead of unseeded; <see cref="BetterTogetherStrategy.Parse"/> tolerates missing spaces around
/// "-&gt;". The pieces (<see cref="SplitTrainset"/>, <see cref="TrainsetForStep"/>, <see cref="ScoreAsync"/>,
/// <see cref="Rank"/>, <see cref="SelectBest"/>) are public so a durable workflow can run one step per activity.
/// </para>
/// </remarks>
public sealed class BetterTogetherOptimizer
{
    /// <summary>DSPy's default strategy.</summary>
    public const string DefaultStrategy = "p -> w -> p";

    private readonly BetterTogetherOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BetterTogetherOptimizer(BetterTogetherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The settings.</summary>
    public BetterTogetherOptions Options => _options;

    /// <summary>DSPy's defaults: <c>p</c> = <see cref="BootstrapFewShotWithRandomSearch"/>, <c>w</c> = <see cref="BootstrapFinetune"/>, both with <paramref name="metric"/>.</summary>
    public static IReadOnlyDictionary<string, IOptimizer> DefaultOptimizers(Metric metric, IFineTuner fineTuner, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(fineTuner);
        return new Dictionary<string, IOptimizer>(StringComparer.Ordinal)
        {
            ["p"] = new BootstrapFewShotWithRandomSearch(new RandomSearchOptions { Metric = metric }),
            ["w"] = new BootstrapFinetune(fineTuner, new BootstrapFinetuneOptions { Metric = metric }, timeProvider),
        };
    }

    /// <summary>Parses <paramref name="strategy"/> against the registered optimizer keys.</summary>
    /// <exception cref="StrategyParseException">The strategy is malformed or names an unknown key.</exception>
    public BetterTogetherStrategy ParseStrategy(string strategy) => BetterTogetherStrategy.Parse(strategy, _options.Optimizers.Keys);

    /// <summary>Splits off the valset: the given one, else the first <c>int(ratio × n)</c> trainset examples (none when that is 0).</summary>
    /// <exception cref="ArgumentException">The trainset is empty or the ratio is outside [0, 1).</exception>
    public static (IReadOnlyList<Example> Trainset, IReadOnlyList<Example>? Valset) SplitTrainset(IReadOnlyList<Example> trainset, IReadOnlyList<Example>? valset, double valsetRatio)
    {
        ArgumentNullException.ThrowIfNull(trainset);
        if (trainset.Count == 0)
        {
            throw new ArgumentException("trainset cannot be empty.", nameof(trainset));
        }

        if (valsetRatio is < 0 or >= 1 || double.IsNaN(valsetRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(valsetRatio), valsetRatio, "valset_ratio must be in [0, 1).");
        }

        if (valset is { Count: > 0 })
        {
            return ([.. trainset], valset);
        }

        if (valsetRatio == 0)
        {
            return ([.. trainset], null);
        }

        var count = (int)(valsetRatio * trainset.Count);
        return ([.. trainset.Skip(count)], [.. trainset.Take(count)]);
    }

    /// <summary>
    /// The trainset as step <paramref name="stepIndex"/> (0-based) sees it: DSPy shuffles one list in place with one
    /// <c>random.Random(seed)</c> before every step, so step i sees i + 1 cumulative shuffles. Pure and replayable.
    /// </summary>
    public static IReadOnlyList<Example> TrainsetForStep(IReadOnlyList<Example> trainset, int seed, int stepIndex, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(trainset);
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        var list = trainset.ToList();
        if (shuffle)
        {
            var rng = new PythonRandom(seed);
            for (var i = 0; i <= stepIndex; i++)
            {
                rng.Shuffle(list);
            }
        }

        return list;
    }

    /// <summary>Scores a program on the valset; null without a valset, 0 when the evaluation aborts (<see cref="BetterTogetherStepPolicy.EvaluateAsync"/>).</summary>
    public async Task<double?> ScoreAsync(LmProgram program, IReadOnlyList<Example>? valset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (valset is not { Count: > 0 })
        {
            return null;
        }

        var evaluator = new Evaluator(_options.Metric, new EvaluatorOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, MaxErrors = _options.MaxErrors });
        return (await BetterTogetherStepPolicy.EvaluateAsync(evaluator, program, valset, cancellationToken).ConfigureAwait(false)).Score;
    }

    /// <summary>Sorts candidates best first; null scores last; equal scores keep run order.</summary>
    public static IReadOnlyList<BetterTogetherCandidate> Rank(IEnumerable<BetterTogetherCandidate> candidatesInRunOrder)
    {
        ArgumentNullException.ThrowIfNull(candidatesInRunOrder);
        return [.. candidatesInRunOrder.OrderByDescending(c => c.Score ?? double.NegativeInfinity)];
    }

    /// <summary>The returned program: the best-ranked with a valset, else the latest (<see cref="BetterTogetherStepPolicy.SelectBest"/>).</summary>
    /// <exception cref="ArgumentException">There are no candidates.</exception>
    public static BetterTogetherCandidate SelectBest(IReadOnlyList<BetterTogetherCandidate> candidatesInRunOrder, bool hasValset)
    {
        ArgumentNullException.ThrowIfNull(candidatesInRunOrder);
        return candidatesInRunOrder[BetterTogetherStepPolicy.SelectBest([.. candidatesInRunOrder.Select(c => c.Score)], hasValset)];
    }

    /// <summary>
    /// Runs one strategy step on <paramref name="previous"/>'s program: shuffles the trainset for the step, compiles with
    /// the step's optimizer (restoring any LM an optimizer dropped; fine-tuning seeded by
    /// <see cref="BetterTogetherStepPolicy.FineTuneSeed"/>), and scores the result on the valset. A step that finds no
    /// fine-tuning data is skipped: it returns <paramref name="previous"/>'s program and score with the reason.
    /// </summary>
    /// <param name="previous">The baseline or the previous step's candidate (left unchanged).</param>
    /// <param name="strategy">The parsed strategy.</param>
    /// <param name="stepIndex">0-based step to run.</param>
    /// <param name="trainset">The training split (before the step's shuffle).</param>
    /// <param name="valset">The validation split, or null.</param>
    /// <param name="teachers">Teachers passed to the optimizer.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The candidate for the strategy prefix ending at this step.</returns>
    public async Task<BetterTogetherCandidate> RunStepAsync(
        BetterTogetherCandidate previous,
        BetterTogetherStrategy strategy,
        int stepIndex,
        IReadOnlyList<Example> trainset,
        IReadOnlyList<Example>? valset,
        IReadOnlyList<LmProgram>? teachers = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, strategy.Steps.Count);
        var key = strategy.Steps[stepIndex];
        if (!_options.Optimizers.TryGetValue(key, out var optimizer))
        {
            throw new StrategyParseException($"Strategy step {stepIndex + 1} names optimizer \"{key}\", which is not registered (keys: {string.Join(", ", _options.Optimizers.Keys)}).");
        }

        using var stage = UsageScope.BeginStage($"step{stepIndex + 1}:{key}");
        var stepTrainset = TrainsetForStep(trainset, _options.Seed, stepIndex, _options.ShuffleTrainsetBetweenSteps);
        var student = previous.Program.DeepCopy();
        var lmsBefore = student.NamedPredictors().ToDictionary(p => p.Key, p => p.Value.Lm, StringComparer.Ordinal);
        student.IsCompiled = false;
        var input = new OptimizerInput(stepTrainset, valset, teachers, BetterTogetherStepPolicy.FineTuneSeed(_options.Seed));
        LmProgram compiled;
        try
        {
            compiled = await optimizer.CompileAsync(student, input, cancellationToken).ConfigureAwait(false);
        }
        catch (NoFineTuningDataException e) when (BetterTogetherStepPolicy.WeightStepSkipReason(e.Traced, 0) is { } skipped)
        {
            return new BetterTogetherCandidate(strategy.Prefix(stepIndex + 1), previous.Score, previous.Program.DeepCopy(), skipped);
        }

        foreach (var (name, predictor) in compiled.NamedPredictors())
        {
            predictor.Lm ??= lmsBefore.GetValueOrDefault(name);
        }

        var score = await ScoreAsync(compiled, valset, cancellationToken).ConfigureAwait(false);
        return new BetterTogetherCandidate(strategy.Prefix(stepIndex + 1), score, compiled);
    }

    /// <summary>Runs the whole strategy in process.</summary>
    /// <param name="student">The program; every predictor needs an LM. Left unchanged.</param>
    /// <param name="trainset">Training examples with input keys.</param>
    /// <param name="valset">Validation examples; split from the trainset by <see cref="BetterTogetherOptions.ValsetRatio"/> when null.</param>
    /// <param name="teachers">Teachers passed to every step.</param>
    /// <param name="strategy">E.g. <c>"p -> w -> p"</c>.</param>
    /// <param name="cancellationToken">Cancels the run (cancellation is not a step failure: it propagates).</param>
    /// <exception cref="StrategyParseException">The strategy is invalid.</exception>
    /// <exception cref="InvalidOperationException">A predictor has no LM.</exception>
    public async Task<BetterTogetherResult> CompileAsync(
        LmProgram student,
        IReadOnlyList<Example> trainset,
        IReadOnlyList<Example>? valset = null,
        IReadOnlyList<LmProgram>? teachers = null,
        string strategy = DefaultStrategy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        var missing = student.NamedPredictors().Where(p => p.Value.Lm is null).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Predictor(s) {string.Join(", ", missing)} have no LM; BetterTogether needs every predictor's LM set (LmProgram.SetLm).");
        }

        var parsed = ParseStrategy(strategy);
        var (train, val) = SplitTrainset(trainset, valset, _options.ValsetRatio);
        var baseline = student.DeepCopy();
        double? score;
        using (UsageScope.BeginStage("baseline"))
        {
            score = await ScoreAsync(baseline, val, cancellationToken).ConfigureAwait(false);
        }

        var candidates = new List<BetterTogetherCandidate> { new(string.Empty, score, baseline) };
        Exception? error = null;
        for (var i = 0; i < parsed.Steps.Count; i++)
        {
            var key = parsed.Steps[i];
            try
            {
                candidates.Add(await RunStepAsync(candidates[^1], parsed, i, train, val, teachers, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // The first failing step ends the run with the best program so far (DSPy semantics).
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = new InvalidOperationException(BetterTogetherStepPolicy.StepFailure(i + 1, parsed.Steps.Count, key, e.Message), e);
                break;
            }
        }

        var best = SelectBest(candidates, val is { Count: > 0 });
        best.Program.IsCompiled = true;
        return new BetterTogetherResult(best.Program, best.Strategy, Rank(candidates), error is not null, error);
    }
}
