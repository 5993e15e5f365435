using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using BetterTogether.Engine.Training;

namespace BetterTogether.Engine.FineTuning;

/// <summary>
/// Core's fine-tuner port in-process: each job trains a LoRA adapter on a background task with
/// <see cref="LoraTrainer"/> (loss on assistant tokens only) and writes it in PEFT format to
/// <c>{adapterRoot}/{jobId}</c>. A job whose adapter folder already exists (e.g. after a restart) reports success.
/// Each job's request is kept beside it (<c>{jobId}.request.json</c>) until it succeeds, so a job that a host restart
/// interrupted mid-training starts again when its status is next asked for, instead of being unknown; a cancelled
/// job's request is deleted.
/// </summary>
public sealed class InProcessFineTuner : IFineTuner, IDisposable
{
    /// <summary>Written last into a job's adapter folder; its presence marks the job as done.</summary>
    public const string JobMarkerFileName = "bt_job.json";

    /// <summary>Ends the file beside the adapter folders that keeps an unfinished job's request.</summary>
    public const string RequestFileSuffix = ".request.json";

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    private readonly Func<string, LocalModel> _resolveModel;
    private readonly string _adapterRoot;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>Creates the fine-tuner.</summary>
    /// <param name="resolveModel">Maps a request's base model id to a loaded model.</param>
    /// <param name="adapterRoot">Folder that receives one adapter folder per job.</param>
    /// <param name="timeProvider">Clock for throughput figures.</param>
    public InProcessFineTuner(Func<string, LocalModel> resolveModel, string adapterRoot, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(resolveModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(adapterRoot);
        _resolveModel = resolveModel;
        _adapterRoot = adapterRoot;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (!IsFolderName(jobId))
        {
            throw new ArgumentException($"Job id '{jobId}' cannot name a folder.", nameof(jobId));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!_jobs.ContainsKey(jobId) && Completed(jobId, request.AdapterName) is { } done)
        {
            return Task.FromResult(done);
        }

        var job = _jobs.GetOrAdd(jobId, id =>
        {
            SaveRequest(id, request);
            return new Job(id, request);
        });
        job.StartOnce(() => Run(job));
        return Task.FromResult(job.Status);
    }

    /// <inheritdoc/>
    public Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult(job.Status);
        }

        if (Completed(jobId, null) is { } done)
        {
            return Task.FromResult(done);
        }

        return Task.FromResult(Resume(jobId)?.Status ?? throw new KeyNotFoundException($"No fine-tuning job '{jobId}'."));
    }

    /// <inheritdoc/>
    public Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (_jobs.TryGetValue(jobId, out var job))
        {
            job.Cancel();
        }

        // A cancelled job stays cancelled: a later host does not start it again.
        if (IsFolderName(jobId))
        {
            File.Delete(RequestPath(jobId));
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for a job's background task (for hosts shutting down and tests).</summary>
    /// <param name="jobId">The job.</param>
    /// <returns>The final status.</returns>
    public async Task<FineTuneJobStatus> WaitAsync(string jobId)
    {
        var status = await GetStatusAsync(jobId).ConfigureAwait(false);
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return status;
        }

        await job.Completion.ConfigureAwait(false);
        return job.Status;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var job in _jobs.Values)
        {
            job.Cancel();
        }
    }

    /// <summary>Turns chat records into training sequences with the model's template (assistant tokens are targets).</summary>
    /// <param name="model">The model whose template and tokenizer to use.</param>
    /// <param name="records">The records.</param>
    /// <returns>The sequences.</returns>
    public static IReadOnlyList<TrainingSequence> ToSequences(LocalModel model, IEnumerable<ChatRecord> records)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        return records.Select(r =>
        {
            var example = model.Template.RenderForTraining(model.Tokenizer, r.Messages.Select(m => new ChatTurn(m.Role, m.Content)).ToList());
            return new TrainingSequence(example.Ids, example.IsAssistantTarget);
        }).ToList();
    }

    private FineTuneJobStatus? Completed(string jobId, string? adapterName)
    {
        var folder = Path.Combine(_adapterRoot, jobId);
        var marker = Path.Combine(folder, JobMarkerFileName);
        if (!File.Exists(Path.Combine(folder, PeftAdapter.WeightsFileName)) || !File.Exists(marker))
        {
            return null;
        }

        adapterName ??= JsonNode.Parse(File.ReadAllText(marker))?["adapter_name"]?.GetValue<string>() ?? jobId;
        return new FineTuneJobStatus(jobId, FineTuneJobState.Succeeded, Adapter: new AdapterReference(adapterName, folder));
    }

    private void Run(Job job)
    {
        try
        {
            Train(job);
        }
        catch (Exception) when (!job.Token.IsCancellationRequested)
        {
            // A failure is final: a later host must not start the job again. (A cancellation keeps the request:
            // a host shutting down cancels its jobs, and the next host resumes them.)
            File.Delete(RequestPath(job.Id));
            throw;
        }
    }

    private void Train(Job job)
    {
        var ct = job.Token;
        var request = job.Request;
        var hp = request.Hyperparameters;
        var model = _resolveModel(request.BaseModel);
        var sequences = ToSequences(model, request.Records);
        var trainer = LoraTrainerFactory.Create(model, hp, request.BaseModel, request.Seed, _time);
        var adapter = trainer.Adapter!;
        trainer.StepCompleted += (_, p) => job.Report(new FineTuneProgress(p.Step, p.TotalSteps, p.Loss, p.TokensPerSecond));
        trainer.Train(sequences, ct);

        // Write to a temporary folder first so a crash never leaves a half-written adapter that looks complete.
        var folder = Path.Combine(_adapterRoot, job.Id);
        var staging = folder + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        PeftAdapter.Save(adapter, staging);
        File.WriteAllText(Path.Combine(staging, JobMarkerFileName), new JsonObject { ["job_id"] = job.Id, ["adapter_name"] = request.AdapterName }.ToJsonString());
        Directory.Move(staging, folder);
        File.Delete(RequestPath(job.Id));
        job.Succeed(new AdapterReference(request.AdapterName, folder));
    }

    private static bool IsFolderName(string jobId) => jobId.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && jobId is not ("." or "..");

    private string RequestPath(string jobId) => Path.Combine(_adapterRoot, jobId + RequestFileSuffix);

    /// <summary>Keeps a job's request until it succeeds (written whole, then renamed, so a crash leaves none or all of it).</summary>
    private void SaveRequest(string jobId, FineTuneRequest request)
    {
        Directory.CreateDirectory(_adapterRoot);
        var path = RequestPath(jobId);
        var partial = path + ".partial";
        File.WriteAllText(partial, JsonSerializer.Serialize(request, RequestJson));
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Starts again a job that an earlier host began and never finished, from its kept request; null when there is none.</summary>
    private Job? Resume(string jobId)
    {
        if (!IsFolderName(jobId))
        {
            return null;
        }

        var path = RequestPath(jobId);
        if (!File.Exists(path))
        {
            return null;
        }

        var request = JsonSerializer.Deserialize<FineTuneRequest>(File.ReadAllText(path), RequestJson)
            ?? throw new InvalidDataException($"The kept request of fine-tuning job '{jobId}' ({path}) is empty.");
        var job = _jobs.GetOrAdd(jobId, id => new Job(id, request));
        job.StartOnce(() => Run(job));
        return job;
    }
}
