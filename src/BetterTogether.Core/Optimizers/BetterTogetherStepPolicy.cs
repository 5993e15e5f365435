using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>
/// The rules both BetterTogether drivers follow: <see cref="BetterTogetherOptimizer.CompileAsync"/> in process and the
/// durable orchestration (BetterTogether.Workflow), which fans evaluations out in shards. Every rule is a pure function
/// of its inputs, so the orchestrator can call it on replay, and the same inputs give the same scores, choices, skips
/// and failures in both drivers.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><description><b><c>max_errors</c> counts across the whole evaluation</b>, as DSPy's <c>Evaluate</c> does: an
/// evaluation is aborted once the examples that failed add up to <c>max_errors</c> (<see cref="IsAborted"/>). A sharded
/// evaluation gives each shard the whole budget (<see cref="ShardErrorBudget"/>): a shard that alone reaches it proves
/// the sum does, so it may stop early, and any other shard runs to the end and reports its count. <see cref="CombineShards"/>
/// then sums the counts and decides, so sharding never changes the outcome.</description></item>
/// <item><description><b>An aborted evaluation scores <see cref="AbortedScore"/> (0) and is reported as aborted</b>, as DSPy's
/// BetterTogether scores the baseline and each step (<c>eval_candidate_program</c>). This holds for the baseline, every
/// step's program and every random-search candidate. Deviation: DSPy's random search raises on the first aborted
/// candidate and so ends the run; here a candidate that cannot be evaluated simply loses.</description></item>
/// <item><description><b>An aborted candidate never wins a prompt step, and a prompt step fails when every candidate aborted</b>
/// (<see cref="SelectPromptCandidate"/>): the candidates' errors then say the LM or the data is broken, not that one
/// demo set is bad, so the failure is loud instead of a silent 0.</description></item>
/// <item><description><b>A weight step with no traced run that parsed and passed the metric is skipped, not failed</b>
/// (<see cref="WeightStepSkipReason"/>): there is nothing to train on, so the step keeps the program and its score,
/// records why, and the strategy goes on. DSPy hands the empty data to the fine-tuning provider, which fails the step.</description></item>
/// <item><description><b>The fine-tuning data shuffle and the training job are seeded with the run's seed</b>
/// (<see cref="FineTuneSeed"/>). DSPy always shuffles with <c>random.Random(0)</c>; the default seed 0 reproduces that.</description></item>
/// <item><description><b>Trace collection never aborts</b>: its error budget is DSPy's <c>10 × examples</c> of the whole
/// trainset (<see cref="TraceErrorBudget"/>), in every shard; a failed run is just not kept.</description></item>
/// <item><description><b>The returned program</b> is the best-scored of baseline and steps, the earliest on ties; the latest
/// without a valset (<see cref="SelectBest"/>). A skipped step ties with its predecessor, so it never wins.</description></item>
/// <item><description><b>The first failing step stops the run</b>; the best program so far is kept and the failure is reported
/// as <see cref="StepFailure"/> says.</description></item>
/// </list>
/// </remarks>
public static class BetterTogetherStepPolicy
{
    /// <summary>The score of an evaluation that reached <c>max_errors</c> (DSPy's <c>eval_candidate_program</c>).</summary>
    public const double AbortedScore = 0.0;

    /// <summary>True when <paramref name="errors"/> failed examples abort an evaluation allowed <paramref name="maxErrors"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the budget is not positive.</exception>
    public static bool IsAborted(int errors, int maxErrors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(errors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxErrors);
        return errors >= maxErrors;
    }

    /// <summary>The error budget of one shard of an evaluation allowed <paramref name="maxErrors"/>: the whole budget.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The budget is not positive.</exception>
    public static int ShardErrorBudget(int maxErrors)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxErrors);
        return maxErrors;
    }

    /// <summary>The error budget of tracing <paramref name="trainsetCount"/> examples for fine-tuning: 10 × the count (DSPy), out of reach.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public static int TraceErrorBudget(int trainsetCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainsetCount);
        return (int)Math.Min(int.MaxValue, Math.Max(1L, trainsetCount * 10L));
    }

    /// <summary>A completed evaluation with its per-example scores in set order.</summary>
    /// <exception cref="ArgumentException">There are no scores.</exception>
    public static EvaluationOutcome Completed(IReadOnlyList<double> exampleScores, int errors)
    {
        ArgumentNullException.ThrowIfNull(exampleScores);
        ArgumentOutOfRangeException.ThrowIfNegative(errors);
        return new EvaluationOutcome(EvaluationResult.ScoreOf(exampleScores), exampleScores, errors, false);
    }

    /// <summary>An evaluation that stopped after <paramref name="errors"/> failed examples: <see cref="AbortedScore"/>, no example scores.</summary>
    public static EvaluationOutcome Aborted(int errors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(errors);
        return new EvaluationOutcome(AbortedScore, [], errors, true);
    }

    /// <summary>Evaluates <paramref name="program"/> on <paramref name="examples"/>; reaching the evaluator's <c>max_errors</c> gives <see cref="Aborted"/>.</summary>
    /// <param name="evaluator">The evaluator (its options carry <c>max_errors</c>; a shard's is <see cref="ShardErrorBudget"/>).</param>
    /// <param name="program">The program.</param>
    /// <param name="examples">The set, or one shard of it.</param>
    /// <param name="cancellationToken">Cancels the run (cancellation propagates; it is not an abort).</param>
    public static async Task<EvaluationOutcome> EvaluateAsync(Evaluator evaluator, LmProgram program, IReadOnlyList<Example> examples, CancellationToken cancellationToken = default)
        => (await EvaluateWithResultsAsync(evaluator, program, examples, cancellationToken).ConfigureAwait(false)).Outcome;

    /// <summary>
    /// <see cref="EvaluateAsync"/>, also returning the per-example results: every example's when the evaluation
    /// completed, those that finished before the stop when it aborted (they say why it failed).
    /// </summary>
    /// <param name="evaluator">The evaluator (its options carry <c>max_errors</c>; a shard's is <see cref="ShardErrorBudget"/>).</param>
    /// <param name="program">The program.</param>
    /// <param name="examples">The set, or one shard of it.</param>
    /// <param name="cancellationToken">Cancels the run (cancellation propagates; it is not an abort).</param>
    public static async Task<(EvaluationOutcome Outcome, IReadOnlyList<ExampleResult> Results)> EvaluateWithResultsAsync(
        Evaluator evaluator, LmProgram program, IReadOnlyList<Example> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        try
        {
            var result = await evaluator.EvaluateAsync(program, examples, cancellationToken).ConfigureAwait(false);
            return (new EvaluationOutcome(result.Score, [.. result.Results.Select(r => r.Score)], result.ErrorCount, false), result.Results);
        }
        catch (EvaluationAbortedException e)
        {
            return (Aborted(e.ErrorCount), e.Finished);
        }
    }

    /// <summary>
    /// One evaluation from its shards (in set order), each run with <see cref="ShardErrorBudget"/>: aborted when a shard
    /// aborted or the shards' errors add up to <paramref name="maxErrors"/>; otherwise scored over every example at once.
    /// </summary>
    /// <exception cref="ArgumentException">There are no shards, or no example scores.</exception>
    public static EvaluationOutcome CombineShards(IReadOnlyList<EvaluationOutcome> shardsInOrder, int maxErrors)
    {
        ArgumentNullException.ThrowIfNull(shardsInOrder);
        if (shardsInOrder.Count == 0)
        {
            throw new ArgumentException("An evaluation needs at least one shard.", nameof(shardsInOrder));
        }

        var errors = shardsInOrder.Sum(s => s.Errors);
        return shardsInOrder.Any(s => s.Aborted) || IsAborted(errors, maxErrors)
            ? Aborted(errors)
            : Completed([.. shardsInOrder.SelectMany(s => s.ExampleScores)], errors);
    }

    /// <summary>
    /// The random-search candidate a prompt step keeps: the first strictly best score among candidates whose evaluation
    /// did not abort (<see cref="BootstrapFewShotWithRandomSearch.SelectBest"/>).
    /// </summary>
    /// <param name="candidatesInSeedOrder">The candidates' evaluations, in seed order (−3, −2, −1, 0…).</param>
    /// <returns>The index of the kept candidate.</returns>
    /// <exception cref="ArgumentException">There are no candidates.</exception>
    /// <exception cref="EvaluationAbortedException">Every candidate's evaluation aborted, so the step fails.</exception>
    public static int SelectPromptCandidate(IReadOnlyList<EvaluationOutcome> candidatesInSeedOrder)
    {
        ArgumentNullException.ThrowIfNull(candidatesInSeedOrder);
        if (candidatesInSeedOrder.Count == 0)
        {
            throw new ArgumentException("There are no candidates to select from.", nameof(candidatesInSeedOrder));
        }

        var scored = Enumerable.Range(0, candidatesInSeedOrder.Count).Where(i => !candidatesInSeedOrder[i].Aborted).ToList();
        if (scored.Count == 0)
        {
            throw new EvaluationAbortedException(
                $"Every one of the {candidatesInSeedOrder.Count} random-search candidates reached max_errors on the validation set "
                + $"({string.Join(", ", candidatesInSeedOrder.Select(c => c.Errors))} failed examples), so none could be scored.");
        }

        return scored[BootstrapFewShotWithRandomSearch.SelectBest([.. scored.Select(i => candidatesInSeedOrder[i].Score)])];
    }

    /// <summary>Why a weight step is skipped, or null when it trains: it is skipped when none of its traced runs was kept.</summary>
    /// <param name="traced">Traced training runs (all shards, all teachers).</param>
    /// <param name="kept">Runs that parsed and passed the metric (<see cref="BootstrapFinetune.IsKept"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or more were kept than traced.</exception>
    public static string? WeightStepSkipReason(int traced, int kept)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kept);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kept, traced);
        return kept > 0 ? null : $"none of the {traced} traced training runs parsed and passed the metric, so there was nothing to fine-tune on; the program is unchanged";
    }

    /// <summary>The seed of a weight step's data shuffle and training job: the run's seed (DSPy's fixed 0 when the run's is 0).</summary>
    public static int FineTuneSeed(int runSeed) => runSeed;

    /// <summary>The index of the program a run returns: the best score, earliest on ties, null scores last; the latest without a valset.</summary>
    /// <param name="scoresInRunOrder">Scores of the baseline and each finished or skipped step, in run order.</param>
    /// <param name="hasValset">False when nothing was scored.</param>
    /// <exception cref="ArgumentException">There are no scores.</exception>
    public static int SelectBest(IReadOnlyList<double?> scoresInRunOrder, bool hasValset)
    {
        ArgumentNullException.ThrowIfNull(scoresInRunOrder);
        if (scoresInRunOrder.Count == 0)
        {
            throw new ArgumentException("There are no candidates.", nameof(scoresInRunOrder));
        }

        if (!hasValset)
        {
            return scoresInRunOrder.Count - 1;
        }

        var best = 0;
        for (var i = 1; i < scoresInRunOrder.Count; i++)
        {
            if ((scoresInRunOrder[i] ?? double.NegativeInfinity) > (scoresInRunOrder[best] ?? double.NegativeInfinity))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The message of a failed step, e.g. <c>Step 2/3 ("w") failed: …</c>.</summary>
    public static string StepFailure(int step, int steps, string key, string reason) => $"Step {step}/{steps} (\"{key}\") failed: {reason}";
}
