using System.Security.Cryptography;
using System.Text;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Randomness;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Optimizers;

/// <summary>
/// Bootstraps few-shot demos from a teacher's successful runs (DSPy's <c>BootstrapFewShot</c>): walks the trainset in
/// order until <see cref="BootstrapFewShotOptions.MaxBootstrappedDemos"/> examples succeeded, each for up to
/// <see cref="BootstrapFewShotOptions.MaxRounds"/> rounds, with the current example removed from the teacher's demos
/// while it runs; successful traces become per-predictor demos and labelled demos from the <c>Random(0)</c>-shuffled
/// remainder fill up to <see cref="BootstrapFewShotOptions.MaxLabeledDemos"/>.
/// </summary>
/// <remarks>
/// Deliberate deviations: (1) the teacher's demos are restored in a <c>finally</c> (DSPy leaves them filtered when the
/// run throws); (2) when one run calls a predictor several times, the 50/50 pick between the last call and an earlier
/// one is seeded from a SHA-256 of the demos rather than Python's object hash; (3) later rounds override sampling for
/// every predictor's LM (DSPy only copies the global LM).
/// </remarks>
public sealed class BootstrapFewShot : IOptimizer
{
    private readonly BootstrapFewShotOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public BootstrapFewShot(BootstrapFewShotOptions? options = null)
    {
        _options = options ?? new BootstrapFewShotOptions();
        _options.Validate();
    }

    /// <summary>The settings.</summary>
    public BootstrapFewShotOptions Options => _options;

    /// <summary>Compiles <paramref name="student"/>: a reset copy with bootstrapped and labelled demos.</summary>
    /// <param name="student">The program to optimize (left unchanged).</param>
    /// <param name="trainset">Training examples with input keys.</param>
    /// <param name="teacher">The teacher; defaults to a copy of the student. An uncompiled teacher first gets labelled demos.</param>
    /// <param name="cancellationToken">Cancels the LM calls.</param>
    /// <exception cref="ArgumentException">Student and teacher differ in structure.</exception>
    public async Task<LmProgram> CompileAsync(LmProgram student, IReadOnlyList<Example> trainset, LmProgram? teacher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(trainset);
        var preparedTeacher = PrepareTeacher(student, teacher, trainset);
        var result = await BootstrapAsync(preparedTeacher, trainset, cancellationToken).ConfigureAwait(false);
        return Train(student, result);
    }

    /// <inheritdoc />
    public Task<LmProgram> CompileAsync(LmProgram student, OptimizerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CompileAsync(student, input.Trainset, input.SingleTeacher(nameof(BootstrapFewShot)), cancellationToken);
    }

    /// <summary>The teacher DSPy would use: a deep copy of <paramref name="teacher"/> (or of the student), given labelled demos when uncompiled.</summary>
    /// <exception cref="ArgumentException">Student and teacher differ in predictor names or signatures.</exception>
    public LmProgram PrepareTeacher(LmProgram student, LmProgram? teacher, IReadOnlyList<Example> trainset)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(trainset);
        var prepared = (teacher ?? student).DeepCopy();
        EnsureSameStructure(student, prepared);
        if (_options.MaxLabeledDemos > 0 && !prepared.IsCompiled)
        {
            prepared = new LabeledFewShot(_options.MaxLabeledDemos).Compile(prepared, trainset);
        }

        return prepared;
    }

    /// <summary>Runs the teacher over the trainset in order and collects demos from successful traces.</summary>
    /// <param name="teacher">A prepared teacher (see <see cref="PrepareTeacher"/>); its demos are restored after each run.</param>
    /// <param name="trainset">Training examples with input keys.</param>
    /// <param name="cancellationToken">Cancels the LM calls.</param>
    public async Task<BootstrapResult> BootstrapAsync(LmProgram teacher, IReadOnlyList<Example> trainset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(trainset);
        var names = teacher.NamedPredictors().Select(p => p.Key).ToList();
        var demos = names.ToDictionary(n => n, _ => new List<Example>(), StringComparer.Ordinal);
        var bootstrapped = new List<int>();
        var attempts = 0;
        var errors = 0;
        for (var index = 0; index < trainset.Count; index++)
        {
            if (bootstrapped.Count >= _options.MaxBootstrappedDemos)
            {
                break;
            }

            for (var round = 0; round < _options.MaxRounds; round++)
            {
                attempts++;
                var (success, trace, error) = await RunOneAsync(teacher, trainset[index], round, cancellationToken).ConfigureAwait(false);
                if (error is not null && ++errors >= _options.MaxErrors)
                {
                    throw new InvalidOperationException($"Bootstrapping stopped after {errors} errors (max_errors = {_options.MaxErrors}); last on trainset example #{index}: {error.Message}", error);
                }

                if (success)
                {
                    AddDemos(trace!, demos);
                    bootstrapped.Add(index);
                    break;
                }
            }
        }

        var unbootstrapped = trainset.Where((_, i) => !bootstrapped.Contains(i)).ToList();
        new PythonRandom(0).Shuffle(unbootstrapped);
        return new BootstrapResult(
            demos.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Example>)kv.Value, StringComparer.Ordinal),
            bootstrapped,
            unbootstrapped,
            attempts);
    }

    /// <summary>Builds the compiled program: a reset copy of <paramref name="student"/> whose predictors get bootstrapped demos, then labelled ones.</summary>
    public LmProgram Train(LmProgram student, BootstrapResult result)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(result);
        var compiled = student.ResetCopy();
        var rng = new PythonRandom(0);
        IReadOnlyList<Example> raw = result.Unbootstrapped;
        foreach (var (name, predictor) in compiled.NamedPredictors())
        {
            var augmented = result.DemosByPredictor.TryGetValue(name, out var found) ? found.Take(_options.MaxBootstrappedDemos).ToList() : [];
            var sampleSize = Math.Max(0, Math.Min(_options.MaxLabeledDemos - augmented.Count, raw.Count));

            // DSPy narrows the labelled pool predictor by predictor; kept for parity.
            raw = rng.Sample(raw, sampleSize);
            predictor.Demos = [.. augmented, .. raw];
        }

        compiled.IsCompiled = true;
        return compiled;
    }

    private async Task<(bool Success, Trace? Trace, Exception? Error)> RunOneAsync(LmProgram teacher, Example example, int round, CancellationToken cancellationToken)
    {
        var saved = teacher.Predictors().Select(p => (p, p.Demos)).ToList();
        var trace = new Trace();
        try
        {
            foreach (var (predictor, demos) in saved)
            {
                predictor.Demos = [.. demos.Where(d => !d.Equals(example))];
            }

            Prediction prediction;
            using (TraceScope.Begin(trace))
            using (round > 0 ? SamplingScope.Begin(1.0f, round) : null)
            {
                prediction = await teacher.ForwardAsync(example.Inputs(), cancellationToken).ConfigureAwait(false);
            }

            var success = _options.Metric is null || MetricFactory.IsSuccess(_options.Metric(example, prediction, trace), _options.MetricThreshold);
            return (success, trace, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Failed runs are counted against max_errors (DSPy semantics).
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (false, null, e);
        }
        finally
        {
            foreach (var (predictor, demos) in saved)
            {
                predictor.Demos = demos;
            }
        }
    }

    private static void AddDemos(Trace trace, Dictionary<string, List<Example>> demos)
    {
        var perPredictor = new Dictionary<string, List<Example>>(StringComparer.Ordinal);
        foreach (var step in trace.Steps)
        {
            if (!demos.ContainsKey(step.PredictorName))
            {
                continue;
            }

            // dspy.Example(**inputs, **outputs): an output overrides an input of the same name.
            var fields = step.Inputs.Where(kv => !step.Outputs.ContainsKey(kv.Key)).Concat(step.Outputs);
            var demo = new Example(fields, step.Inputs.Keys, augmented: true);
            if (!perPredictor.TryGetValue(step.PredictorName, out var list))
            {
                perPredictor[step.PredictorName] = list = [];
            }

            list.Add(demo);
        }

        foreach (var (name, list) in perPredictor)
        {
            if (list.Count > 1)
            {
                var rng = new PythonRandom(StableSeed(list));
                var pick = rng.NextDouble() < 0.5 ? rng.Choice(list[..^1]) : list[^1];
                demos[name].Add(pick);
            }
            else
            {
                demos[name].AddRange(list);
            }
        }
    }

    private static long StableSeed(IEnumerable<Example> demos)
    {
        var text = new StringBuilder();
        foreach (var demo in demos)
        {
            foreach (var (key, value) in demo.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                text.Append(key).Append('\u001f').Append(value).Append('\u001e');
            }

            text.Append('\u001d');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return BitConverter.ToInt64(hash, 0) & long.MaxValue;
    }

    internal static void EnsureSameStructure(LmProgram student, LmProgram teacher)
    {
        var s = student.NamedPredictors();
        var t = teacher.NamedPredictors();
        if (s.Count != t.Count)
        {
            throw new ArgumentException($"Student and teacher must have the same number of predictors ({s.Count} != {t.Count}).", nameof(teacher));
        }

        for (var i = 0; i < s.Count; i++)
        {
            if (s[i].Key != t[i].Key)
            {
                throw new ArgumentException($"Student and teacher differ at predictor #{i}: \"{s[i].Key}\" != \"{t[i].Key}\".", nameof(teacher));
            }

            if (ReferenceEquals(s[i].Value, t[i].Value))
            {
                throw new ArgumentException($"Student and teacher share predictor \"{s[i].Key}\"; pass a copy.", nameof(teacher));
            }

            if (!s[i].Value.Signature.Equals(t[i].Value.Signature))
            {
                throw new ArgumentException($"Student and teacher have different signatures for predictor \"{s[i].Key}\".", nameof(teacher));
            }
        }
    }
}
