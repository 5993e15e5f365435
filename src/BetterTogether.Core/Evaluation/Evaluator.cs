using BetterTogether.Core.Examples;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Evaluation;

/// <summary>
/// Runs a program over a set with bounded parallelism and scores it (DSPy's <c>dspy.Evaluate</c>): an example whose
/// program or metric throws gets <see cref="EvaluatorOptions.FailureScore"/>; once <see cref="EvaluatorOptions.MaxErrors"/>
/// examples failed the run stops with <see cref="EvaluationAbortedException"/>. Results come back in input order and the
/// score is 100 × mean, rounded to 2 decimals, so the outcome does not depend on scheduling.
/// </summary>
/// <remarks>The metric is called with a null trace, as in DSPy. Each example runs in its own <see cref="TraceScope"/>; its trace is returned.</remarks>
public sealed class Evaluator
{
    private readonly Metric _metric;
    private readonly EvaluatorOptions _options;

    /// <summary>Creates an evaluator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Evaluator(Metric metric, EvaluatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _options = options ?? new EvaluatorOptions();
        _options.Validate();
        _metric = metric;
    }

    /// <summary>The settings.</summary>
    public EvaluatorOptions Options => _options;

    /// <summary>Evaluates <paramref name="program"/> on <paramref name="devset"/>.</summary>
    /// <param name="program">The program; it is run concurrently, so it must not mutate its own state in ForwardAsync.</param>
    /// <param name="devset">Examples with input keys set.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException">The set is empty or an example has no input keys.</exception>
    /// <exception cref="EvaluationAbortedException">Too many examples failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<EvaluationResult> EvaluateAsync(LmProgram program, IReadOnlyList<Example> devset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(devset);
        if (devset.Count == 0)
        {
            throw new ArgumentException("Cannot evaluate on an empty set.", nameof(devset));
        }

        for (var i = 0; i < devset.Count; i++)
        {
            if (devset[i] is null || devset[i].InputKeys.Count == 0)
            {
                throw new ArgumentException($"Example #{i} is null or has no input keys; call WithInputs(...) on every example.", nameof(devset));
            }
        }

        var results = new ExampleResult?[devset.Count];
        var errorCount = 0;
        Exception? firstError = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, devset.Count), parallel, async (index, token) =>
            {
                // Checked per item on our own source: the loop's linked token learns of an abort only through an
                // asynchronous callback, and synchronously completing bodies would run on past it meanwhile.
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                var example = devset[index];
                var trace = new Trace();
                try
                {
                    Prediction prediction;
                    using (TraceScope.Begin(trace))
                    {
                        prediction = await program.ForwardAsync(example.Inputs(), token).ConfigureAwait(false);
                    }

                    var score = _metric(example, prediction, null);
                    results[index] = new ExampleResult(index, example, prediction, score, trace, null);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A failing example is scored, not propagated (DSPy semantics).
                catch (Exception e)
#pragma warning restore CA1031
                {
                    results[index] = new ExampleResult(index, example, Prediction.Empty, _options.FailureScore, trace, e);
                    Interlocked.CompareExchange(ref firstError, e, null);
                    if (Interlocked.Increment(ref errorCount) >= _options.MaxErrors)
                    {
                        await stop.CancelAsync().ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref errorCount) >= _options.MaxErrors)
        {
            throw new EvaluationAbortedException(errorCount, _options.MaxErrors, firstError!, [.. results.Where(r => r is not null).Select(r => r!)]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (errorCount >= _options.MaxErrors)
        {
            throw new EvaluationAbortedException(errorCount, _options.MaxErrors, firstError!, [.. results.Where(r => r is not null).Select(r => r!)]);
        }

        var ordered = results.Select(r => r!).ToList();
        return new EvaluationResult(EvaluationResult.ScoreOf([.. ordered.Select(r => r.Score)]), ordered);
    }
}
