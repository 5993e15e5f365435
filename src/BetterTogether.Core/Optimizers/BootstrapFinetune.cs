using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BetterTogether.Core.Adapters;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Examples;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Randomness;

namespace BetterTogether.Core.Optimizers;

/// <summary>
/// Fine-tunes the program's LM(s) on the program's own successful traces (DSPy's <c>BootstrapFinetune</c>):
/// trace the teacher(s) over the trainset, keep runs that passed the metric, render each predictor call as a chat
/// record, shuffle with <c>Random(seed)</c>, train one LoRA adapter per training key through the <see cref="IFineTuner"/>
/// port, and point the student's predictors at their adapters.
/// </summary>
/// <remarks>
/// Deliberate deviations: runs with a reply that did not parse are dropped (DSPy scores them −1, which passes its
/// truthiness filter, so they reach the training data); per-predictor datasets match calls by predictor name, not by
/// position in the trace; a failed or cancelled job throws <see cref="FineTuneFailedException"/>; adapters are trained
/// on the base model and served unmerged; the student is copied, not mutated. Each step is public
/// (<see cref="CollectTracesAsync"/>, <see cref="BuildDatasets"/>, <see cref="CreateRequest"/>, <see cref="StartJobAsync"/>,
/// <see cref="WaitForJobAsync"/>, <see cref="ApplyAdapters"/>) so a durable workflow can run them as separate activities.
/// </remarks>
public sealed class BootstrapFinetune : IOptimizer
{
    private static readonly JsonSerializerOptions HashJson = new() { WriteIndented = false };
    private readonly IFineTuner _fineTuner;
    private readonly BootstrapFinetuneOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="fineTuner">Where jobs run.</param>
    /// <param name="options">Settings.</param>
    /// <param name="timeProvider">Clock for polling; the system clock when null.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BootstrapFinetune(IFineTuner fineTuner, BootstrapFinetuneOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(fineTuner);
        _options = options ?? new BootstrapFinetuneOptions();
        _options.Validate();
        _fineTuner = fineTuner;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The settings.</summary>
    public BootstrapFinetuneOptions Options => _options;

    /// <inheritdoc />
    /// <remarks><see cref="OptimizerInput.FineTuneSeed"/>, when set, replaces <see cref="BootstrapFinetuneOptions.Seed"/>.</remarks>
    public Task<LmProgram> CompileAsync(LmProgram student, OptimizerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var finetune = input.FineTuneSeed is { } seed && seed != _options.Seed
            ? new BootstrapFinetune(_fineTuner, _options with { Seed = seed }, _timeProvider)
            : this;
        return finetune.CompileAsync(student, input.Trainset, input.Teachers, cancellationToken);
    }

    /// <summary>Runs the whole step in process: trace, build data, train, wait, apply.</summary>
    /// <param name="student">The program whose LMs are fine-tuned (left unchanged; a copy is returned).</param>
    /// <param name="trainset">Training examples with input keys.</param>
    /// <param name="teachers">Programs to trace; the student when null or empty.</param>
    /// <param name="cancellationToken">Cancels tracing and waiting (not a started job).</param>
    /// <exception cref="InvalidOperationException">A predictor has no LM, or a predictor has no training data.</exception>
    /// <exception cref="NoFineTuningDataException">No traced run parsed and passed the metric.</exception>
    /// <exception cref="FineTuneFailedException">A job failed or was cancelled.</exception>
    public async Task<LmProgram> CompileAsync(LmProgram student, IReadOnlyList<Example> trainset, IReadOnlyList<LmProgram>? teachers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(trainset);
        EnsureLms(student);
        var traced = new List<TracedExample>();
        foreach (var teacher in teachers is { Count: > 0 } ? teachers : [student])
        {
            if (!ReferenceEquals(teacher, student))
            {
                BootstrapFewShot.EnsureSameStructure(student, teacher);
            }

            traced.AddRange(await CollectTracesAsync(teacher, trainset, 0, cancellationToken).ConfigureAwait(false));
        }

        var datasets = BuildDatasets(student, traced);
        var jobs = new List<(FinetuneDataset Dataset, string JobId)>();
        foreach (var dataset in datasets)
        {
            var status = await StartJobAsync(dataset, cancellationToken).ConfigureAwait(false);
            jobs.Add((dataset, status.JobId));
        }

        var adapters = new Dictionary<string, AdapterReference>(StringComparer.Ordinal);
        foreach (var (dataset, jobId) in jobs)
        {
            adapters[dataset.Key] = await WaitForJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        }

        return ApplyAdapters(student, datasets, adapters);
    }

    /// <summary>Runs <paramref name="program"/> over <paramref name="examples"/> and records each run's calls (DSPy's <c>bootstrap_trace_data</c>).</summary>
    /// <param name="program">The teacher program; its current demos are rendered into the records unless <see cref="BootstrapFinetuneOptions.ExcludeDemos"/>.</param>
    /// <param name="examples">A slice of the trainset.</param>
    /// <param name="indexOffset">The slice's start in the full trainset, so indices stay global across shards.</param>
    /// <param name="cancellationToken">Cancels the LM calls.</param>
    public async Task<IReadOnlyList<TracedExample>> CollectTracesAsync(LmProgram program, IReadOnlyList<Example> examples, int indexOffset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return [];
        }

        var metric = _options.Metric;
        var evaluator = new Evaluator(
            metric ?? ((_, _, _) => 1.0),
            new EvaluatorOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, MaxErrors = _options.MaxErrors ?? BetterTogetherStepPolicy.TraceErrorBudget(examples.Count) });
        var evaluation = await evaluator.EvaluateAsync(program, examples, cancellationToken).ConfigureAwait(false);
        var predictors = program.NamedPredictors().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return
        [
            .. evaluation.Results.Select(r =>
            {
                var steps = r.Trace.Steps;
                var calls = r.Succeeded
                    ? steps.Where(s => predictors.ContainsKey(s.PredictorName)).Select(s =>
                    {
                        var predictor = predictors[s.PredictorName];
                        // The demos the call saw: a call that had to leave its last demos out to fit the context is trained as made.
                        var demos = _options.ExcludeDemos ? [] : predictor.Demos.Take(predictor.Demos.Count - s.DemosDropped).ToList();
                        return new TracedCall(s.PredictorName, predictor.Adapter.FormatFinetuneRecord(predictor.Signature, demos, s.Inputs, s.Outputs));
                    }).ToList()
                    : [];
                return new TracedExample(
                    r.Index + indexOffset,
                    r.Example,
                    r.Prediction,
                    steps,
                    calls,
                    r.Succeeded && metric is not null ? r.Score : null,
                    r.Error is null ? null : $"{r.Error.GetType().Name}: {r.Error.Message}",
                    r.Error is AdapterParseException);
            }),
        ];
    }

    /// <summary>True when a traced run may become training data: it succeeded (every reply parsed) and, with a metric, scored non-zero.</summary>
    public static bool IsKept(TracedExample traced)
    {
        ArgumentNullException.ThrowIfNull(traced);
        return traced.Succeeded && (traced.Score is not { } score || MetricFactory.IsSuccess(score, null));
    }

    /// <summary>Filters the traces and groups their records into one dataset per training key, each shuffled with <c>Random(Seed)</c>.</summary>
    /// <param name="student">The program being fine-tuned; its predictors' LMs decide the training keys.</param>
    /// <param name="traces">Traced runs (from every shard and teacher), in trainset order.</param>
    /// <exception cref="InvalidOperationException">A predictor has no LM, or a dataset would be empty.</exception>
    /// <exception cref="NoFineTuningDataException">No traced run parsed and passed the metric.</exception>
    public IReadOnlyList<FinetuneDataset> BuildDatasets(LmProgram student, IReadOnlyList<TracedExample> traces)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(traces);
        EnsureLms(student);
        var kept = traces.Where(IsKept).ToList();
        if (BetterTogetherStepPolicy.WeightStepSkipReason(traces.Count, kept.Count) is { } nothingKept)
        {
            throw new NoFineTuningDataException(nothingKept, traces.Count);
        }

        var datasets = new List<FinetuneDataset>();
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var modelByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, predictor) in student.NamedPredictors())
        {
            var key = TrainingKey(predictor.Lm!, _options.Multitask ? null : name);
            if (!byKey.TryGetValue(key, out var names))
            {
                byKey[key] = names = [];
                modelByKey[key] = predictor.Lm!.ModelId;
            }

            names.Add(name);
        }

        foreach (var (key, names) in byKey)
        {
            var records = kept.SelectMany(t => t.Calls)
                .Where(c => _options.Multitask || names.Contains(c.PredictorName))
                .Select(c => c.Record)
                .ToList();
            if (records.Count == 0)
            {
                throw new InvalidOperationException(
                    $"No fine-tuning data for {key}: {kept.Count} of {traces.Count} traced runs passed the metric and parsed, and none called predictor(s) {string.Join(", ", names)}.");
            }

            new PythonRandom(_options.Seed).Shuffle(records);
            datasets.Add(new FinetuneDataset(key, modelByKey[key], names, records));
        }

        return datasets;
    }

    /// <summary>The job request for a dataset; its adapter name is a content hash, so the same data gives the same name.</summary>
    public FineTuneRequest CreateRequest(FinetuneDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var hashInput = JsonSerializer.Serialize(new { dataset.BaseModelId, dataset.Records, _options.Hyperparameters, _options.Seed }, HashJson);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashInput)))[..16];
        var request = new FineTuneRequest(dataset.BaseModelId, dataset.Records, _options.Hyperparameters, $"{_options.AdapterNamePrefix}-{hash}", _options.Seed);
        request.Validate();
        return request;
    }

    /// <summary>Starts (or re-attaches to) the job for a dataset; the job id is the request's adapter name.</summary>
    /// <exception cref="FineTuneFailedException">The fine-tuner reports the job failed or cancelled.</exception>
    public async Task<FineTuneJobStatus> StartJobAsync(FinetuneDataset dataset, CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(dataset);
        var status = await _fineTuner.StartAsync(request.AdapterName, request, cancellationToken).ConfigureAwait(false);
        return status.State is FineTuneJobState.Failed or FineTuneJobState.Cancelled ? throw new FineTuneFailedException(status) : status;
    }

    /// <summary>Polls a job until it ends and returns its adapter.</summary>
    /// <exception cref="FineTuneFailedException">The job failed, was cancelled, or succeeded without an adapter.</exception>
    public async Task<AdapterReference> WaitForJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        while (true)
        {
            var status = await _fineTuner.GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (status.State == FineTuneJobState.Succeeded)
            {
                return status.Adapter ?? throw new FineTuneFailedException($"Fine-tuning job \"{jobId}\" succeeded but reported no adapter.");
            }

            if (status.IsTerminal)
            {
                throw new FineTuneFailedException(status);
            }

            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns a copy of <paramref name="student"/> whose predictors serve their datasets' adapters (demos cleared when <see cref="BootstrapFinetuneOptions.ExcludeDemos"/>).</summary>
    /// <exception cref="InvalidOperationException">An adapter is missing for a dataset.</exception>
    public LmProgram ApplyAdapters(LmProgram student, IReadOnlyList<FinetuneDataset> datasets, IReadOnlyDictionary<string, AdapterReference> adaptersByKey)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(adaptersByKey);
        var copy = student.DeepCopy();
        foreach (var dataset in datasets)
        {
            if (!adaptersByKey.TryGetValue(dataset.Key, out var adapter))
            {
                throw new InvalidOperationException($"No adapter was given for fine-tuning dataset {dataset.Key}.");
            }

            foreach (var name in dataset.PredictorNames)
            {
                var predictor = copy.GetPredictor(name);
                predictor.Lm = predictor.Lm!.WithAdapter(adapter);
                if (_options.ExcludeDemos)
                {
                    predictor.Reset();
                }
            }
        }

        copy.IsCompiled = true;
        return copy;
    }

    private static string TrainingKey(LanguageModel lm, string? predictor) =>
        $"model={lm.ModelId};adapter={lm.Adapter?.Name ?? "-"};predictor={predictor ?? "*"}";

    private static void EnsureLms(LmProgram program)
    {
        var missing = program.NamedPredictors().Where(p => p.Value.Lm is null).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Predictor(s) {string.Join(", ", missing)} have no LM; fine-tuning needs every predictor's LM set (LmProgram.SetLm).");
        }
    }
}
