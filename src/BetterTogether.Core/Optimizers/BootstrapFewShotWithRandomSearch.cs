using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Randomness;

namespace BetterTogether.Core.Optimizers;

/// <summary>
/// Random search over bootstrapped demo sets (DSPy's <c>BootstrapFewShotWithRandomSearch</c>). Candidate seeds are
/// −3 (zero-shot), −2 (labelled demos only), −1 (bootstrap on the unshuffled trainset) and 0…N−1 (bootstrap on the
/// trainset shuffled by <c>random.Random(seed)</c> with <c>random.Random(seed).randint(1, max)</c> demos). Each is
/// scored on the valset (the trainset when none is given); the first strictly better score wins.
/// </summary>
/// <remarks>
/// <para>
/// Deviation (<see cref="BetterTogetherStepPolicy"/>, shared with the durable workflow): a candidate whose evaluation reaches
/// <c>max_errors</c> scores 0, is marked <see cref="ScoredCandidate.Aborted"/> and never wins; only when every candidate
/// aborted does <see cref="CompileAsync(LmProgram, IReadOnlyList{Example}, IReadOnlyList{Example}?, LmProgram?, IReadOnlyCollection{int}?, CancellationToken)"/>
/// throw <see cref="EvaluationAbortedException"/>. DSPy raises on the first aborted candidate.
/// </para>
/// <para>
/// Every piece is public and independent so a durable workflow can fan candidates out:
/// <see cref="CandidateSeeds"/>, <see cref="PlanCandidate"/>, <see cref="BuildCandidateAsync"/>,
/// <see cref="ScoreCandidateAsync"/>, <see cref="SelectBest"/> and <see cref="Rank"/>. The RNG is a port of
/// CPython's, so the same seed shuffles and draws exactly as DSPy does.
/// </para>
/// </remarks>
public sealed class BootstrapFewShotWithRandomSearch : IOptimizer
{
    private readonly RandomSearchOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BootstrapFewShotWithRandomSearch(RandomSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The settings.</summary>
    public RandomSearchOptions Options => _options;

    /// <summary>The candidate seeds in evaluation order: −3, −2, −1, 0…N−1.</summary>
    public static IReadOnlyList<int> CandidateSeeds(int numCandidatePrograms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numCandidatePrograms);
        return [.. Enumerable.Range(-3, numCandidatePrograms + 3)];
    }

    /// <summary>How the candidate for <paramref name="seed"/> is built: its kind, trainset order and demo budget.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The seed is below −3.</exception>
    public CandidatePlan PlanCandidate(IReadOnlyList<Example> trainset, int seed)
    {
        ArgumentNullException.ThrowIfNull(trainset);
        ArgumentOutOfRangeException.ThrowIfLessThan(seed, -3);
        var copy = trainset.ToList();
        switch (seed)
        {
            case -3:
                return new CandidatePlan(seed, CandidateKind.ZeroShot, copy, 0);
            case -2:
                return new CandidatePlan(seed, CandidateKind.LabeledOnly, copy, 0);
            case -1:
                return new CandidatePlan(seed, CandidateKind.UnshuffledBootstrap, copy, _options.MaxBootstrappedDemos);
            default:
                new PythonRandom(seed).Shuffle(copy);
                // DSPy draws randint(1, max); with max = 0 it failed (DSPy issue #1425). Here 0 gives 0: the shuffled
                // candidate then holds labelled demos only, in its own order.
                var size = _options.MaxBootstrappedDemos == 0 ? 0 : (int)new PythonRandom(seed).RandInt(1, _options.MaxBootstrappedDemos);
                return new CandidatePlan(seed, CandidateKind.ShuffledBootstrap, copy, size);
        }
    }

    /// <summary>Builds the candidate program for one seed; independent of every other seed.</summary>
    /// <param name="student">The program to optimize (left unchanged).</param>
    /// <param name="trainset">Training examples with input keys.</param>
    /// <param name="seed">−3, −2, −1 or a random seed ≥ 0.</param>
    /// <param name="teacher">Optional teacher for the bootstrap seeds.</param>
    /// <param name="cancellationToken">Cancels the LM calls.</param>
    public async Task<LmProgram> BuildCandidateAsync(LmProgram student, IReadOnlyList<Example> trainset, int seed, LmProgram? teacher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        var plan = PlanCandidate(trainset, seed);
        switch (plan.Kind)
        {
            case CandidateKind.ZeroShot:
                return student.ResetCopy();
            case CandidateKind.LabeledOnly:
                return new LabeledFewShot(_options.MaxLabeledDemos).Compile(student, plan.Trainset, _options.LabeledSample);
            default:
                var bootstrap = new BootstrapFewShot(new BootstrapFewShotOptions
                {
                    Metric = _options.Metric,
                    MetricThreshold = _options.MetricThreshold,
                    MaxBootstrappedDemos = plan.MaxBootstrappedDemos,
                    MaxLabeledDemos = _options.MaxLabeledDemos,
                    MaxRounds = _options.MaxRounds,
                    MaxErrors = _options.MaxErrors,
                });
                return await bootstrap.CompileAsync(student, plan.Trainset, teacher, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Scores a candidate on the valset with the metric (DSPy's <c>Evaluate</c>).</summary>
    /// <exception cref="EvaluationAbortedException">Too many examples failed.</exception>
    public Task<EvaluationResult> ScoreCandidateAsync(LmProgram candidate, IReadOnlyList<Example> valset, CancellationToken cancellationToken = default)
        => CreateEvaluator().EvaluateAsync(candidate, valset, cancellationToken);

    /// <summary>The index of the best score: strictly greater wins, so the earliest of equal scores is kept.</summary>
    /// <exception cref="ArgumentException">No scores.</exception>
    public static int SelectBest(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("There are no scores to select from.", nameof(scores));
        }

        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Sorts candidates best first; equal scores keep their order (Python's stable <c>sorted(reverse=True)</c>).</summary>
    public static IReadOnlyList<ScoredCandidate> Rank(IEnumerable<ScoredCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return [.. candidates.OrderByDescending(c => c.Score)];
    }

    /// <summary>Builds and scores candidates seed by seed and returns the best (DSPy's <c>compile</c>; aborted candidates as <see cref="BetterTogetherStepPolicy"/> says).</summary>
    /// <param name="student">The program to optimize (left unchanged).</param>
    /// <param name="trainset">Training examples with input keys.</param>
    /// <param name="valset">Validation examples; the trainset when null or empty.</param>
    /// <param name="teacher">Optional teacher.</param>
    /// <param name="restrict">Only these seeds, when given.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException"><paramref name="restrict"/> matches no seed.</exception>
    /// <exception cref="EvaluationAbortedException">Every candidate's evaluation reached <c>max_errors</c>.</exception>
    public async Task<RandomSearchResult> CompileAsync(
        LmProgram student,
        IReadOnlyList<Example> trainset,
        IReadOnlyList<Example>? valset = null,
        LmProgram? teacher = null,
        IReadOnlyCollection<int>? restrict = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(trainset);
        var evalSet = valset is { Count: > 0 } ? valset : trainset;
        var seeds = CandidateSeeds(_options.NumCandidatePrograms);
        if (restrict is not null && !seeds.Any(restrict.Contains))
        {
            throw new ArgumentException($"restrict [{string.Join(", ", restrict)}] matches no candidate seed in -3…{_options.NumCandidatePrograms - 1}.", nameof(restrict));
        }

        var evaluator = CreateEvaluator();
        var scored = new List<ScoredCandidate>();
        var evaluations = new List<EvaluationOutcome>();
        foreach (var seed in seeds)
        {
            if (restrict is not null && !restrict.Contains(seed))
            {
                continue;
            }

            var program = await BuildCandidateAsync(student, trainset, seed, teacher, cancellationToken).ConfigureAwait(false);
            var evaluation = await BetterTogetherStepPolicy.EvaluateAsync(evaluator, program, evalSet, cancellationToken).ConfigureAwait(false);
            evaluations.Add(evaluation);
            scored.Add(new ScoredCandidate(seed, evaluation.Score, evaluation.ExampleScores, program, evaluation.Aborted));
            if (_options.StopAtScore is { } stop && !evaluation.Aborted && evaluation.Score >= stop)
            {
                break;
            }
        }

        var best = scored[BetterTogetherStepPolicy.SelectPromptCandidate(evaluations)];
        return new RandomSearchResult(best.Program, best.Seed, Rank(scored));
    }

    private Evaluator CreateEvaluator() => new(_options.Metric, new EvaluatorOptions
    {
        MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
        MaxErrors = _options.MaxErrors,
    });

    /// <inheritdoc />
    public async Task<LmProgram> CompileAsync(LmProgram student, OptimizerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await CompileAsync(student, input.Trainset, input.Valset, input.SingleTeacher(nameof(BootstrapFewShotWithRandomSearch)), null, cancellationToken).ConfigureAwait(false);
        return result.BestProgram;
    }
}
