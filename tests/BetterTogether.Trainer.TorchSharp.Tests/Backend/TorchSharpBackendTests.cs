using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Trainer.Backends;
using BetterTogether.Trainer.Cli;
using BetterTogether.Trainer.Running;
using BetterTogether.Trainer.TorchSharp.Jobs;
using BetterTogether.Trainer.TorchSharp.Tests.Infrastructure;
using BetterTogether.TrainingJobs.Data;
using BetterTogether.TrainingJobs.Specs;

namespace BetterTogether.Trainer.TorchSharp.Tests.Backend;

/// <summary>The trainer entrypoint over a file store with the spec's <c>backend</c> selecting TorchSharp (CPU here).</summary>
public sealed class TorchSharpBackendTests
{
    private static readonly IReadOnlyList<ChatRecord> Records =
    [
        new ChatRecord([new("user", "2 + 3"), new("assistant", "5")]),
        new ChatRecord([new("user", "1 + 1"), new("assistant", "2")]),
        new ChatRecord([new("system", "Add."), new("user", "4 + 4"), new("assistant", "8")]),
        new ChatRecord([new("user", "3 + 3"), new("assistant", "6")]),
    ];

    private static readonly FineTuneHyperparameters Hyperparameters = new() { Rank = 4, Epochs = 2, BatchSize = 2, LearningRate = 1e-2, MaxSequenceLength = 64, WarmupRatio = 0.25 };

    private readonly string _root = TinyModels.TempFolder();
    private readonly FileArtifactStore _store;

    public TorchSharpBackendTests() => _store = new FileArtifactStore(_root);

    [Theory]
    [MemberData(nameof(TinyModels.Names), MemberType = typeof(TinyModels))]
    public async Task RunAsync_TorchSharpCpu_TrainsTheRunTheCpuBackendTrains(string name)
    {
        var folder = TinyModelFolders.Path(name);
        var (torch, torchStatus) = await TrainAsync("t", TorchSharpBackend.CpuBackendName, folder);
        var (engine, engineStatus) = await TrainAsync("e", CpuEngineBackend.BackendName, folder);

        // Same steps and loss; the same PEFT config; an adapter the engine loads and that changes its output. (Adam
        // normalises every gradient, so a near-zero one can take the other sign on the other backend: the parameters
        // are compared through the losses, and the logits of one adapter on both sides in EngineParityTests.)
        Assert.Equal((4, 4), (torchStatus.Step, torchStatus.TotalSteps));
        Assert.Equal(engineStatus.Loss!.Value, torchStatus.Loss!.Value, 1e-3);
        Assert.Equal(File.ReadAllText(Path.Combine(engine, PeftAdapter.ConfigFileName)), File.ReadAllText(Path.Combine(torch, PeftAdapter.ConfigFileName)));
        var model = LocalModel.Load(folder);
        int[] tokens = [3, 17, 42, 8, 99, 250, 4, 61];
        Assert.NotEqual(model.Model.Forward(tokens), model.Model.Forward(tokens, PeftAdapter.Load(torch, model.Model.Config)));
    }

    [Fact]
    public async Task RunAsync_TruncatedWeights_FailsNamingTheFileAndTheFault()
    {
        var folder = TinyModels.TempFolder();
        foreach (var file in Directory.GetFiles(TinyModelFolders.Path("qwen2")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var weights = Path.Combine(folder, "model.safetensors");
        var bytes = await File.ReadAllBytesAsync(weights);
        await File.WriteAllBytesAsync(weights, bytes[..^100]);

        var status = await RunAsync("j1", TorchSharpBackend.CpuBackendName, folder, Records);

        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("model.safetensors", status.Error, StringComparison.Ordinal);
        Assert.Contains("truncated", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedDataLine_FailsNamingTheFileAndLine()
    {
        var lines = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}\n{\"messages\": [ nope\n";
        var status = await RunAsync("j1", TorchSharpBackend.CpuBackendName, TinyModelFolders.Path("qwen2"), null, lines);

        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("training-jobs/j1/data.jsonl", status.Error, StringComparison.Ordinal);
        Assert.Contains("line 2", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TorchSharpCudaWithoutGpu_FailsSayingSo()
    {
        var status = await RunAsync("j1", TorchSharpBackend.CudaBackendName, TinyModelFolders.Path("qwen2"), Records);
        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("CUDA", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDefault_OffersTheTorchSharpBackends()
    {
        var backends = TrainingBackends.CreateDefault();
        foreach (var name in new[] { TorchSharpBackend.BackendName, TorchSharpBackend.CpuBackendName, TorchSharpBackend.CudaBackendName })
        {
            Assert.IsType<TorchSharpBackend>(backends.Resolve(name));
        }
    }

    [Fact]
    public void JobSetup_SameHyperparameters_SameOptionsAndLoraConfigAsTheEngineFactory()
    {
        var model = LocalModel.Load(TinyModelFolders.Path("qwen2"));
        var hp = Hyperparameters with { Dropout = 0.05, TargetModules = ["q_proj", "v_proj"], WeightDecay = 0.1, GradientAccumulationSteps = 3, MaxSequenceLength = 100000 };
        var engine = LoraTrainerFactory.Create(model, hp, "base", 17, TimeProvider.System);

        Assert.Equal(engine.Options, TorchLoraJobSetup.TrainerOptionsFor(hp, model.Model.Config, 17));
        var lora = TorchLoraJobSetup.LoraConfigFor(hp, "base");
        Assert.Equal(engine.Adapter!.Config with { TargetModules = [] }, lora with { TargetModules = [] });
        Assert.Equal(engine.Adapter.Config.TargetModules, lora.TargetModules);
    }

    private async Task<(string Folder, TrainingJobStatusDocument Status)> TrainAsync(string jobId, string backend, string modelFolder)
    {
        var status = await RunAsync(jobId, backend, modelFolder, Records);
        Assert.True(status.State == FineTuneJobState.Succeeded, status.Error);
        var local = Path.Combine(TinyModels.TempFolder(), "adapter");
        Directory.CreateDirectory(local);
        foreach (var file in new[] { PeftAdapter.ConfigFileName, PeftAdapter.WeightsFileName })
        {
            await File.WriteAllBytesAsync(Path.Combine(local, file), await _store.ReadBytesAsync($"training-jobs/{jobId}/adapter/{file}"));
        }

        return (local, status);
    }

    private async Task<TrainingJobStatusDocument> RunAsync(string jobId, string backend, string modelFolder, IReadOnlyList<ChatRecord>? records, string? rawData = null)
    {
        var prefix = $"models/{jobId}";
        await TinyModelFolders.UploadAsync(_store, modelFolder, prefix);
        await _store.PutBytesAsync($"training-jobs/{jobId}/data.jsonl", rawData is null ? ChatJsonl.Write(records!) : System.Text.Encoding.UTF8.GetBytes(rawData));
        var spec = new TrainingJobSpec
        {
            JobId = jobId,
            BaseModelName = "tiny",
            BaseModelPath = prefix,
            TrainingDataPath = $"training-jobs/{jobId}/data.jsonl",
            AdapterName = "a",
            AdapterPath = $"training-jobs/{jobId}/adapter",
            StatusPath = $"training-jobs/{jobId}/status.json",
            Backend = backend,
            Hyperparameters = Hyperparameters,
            Seed = 7,
        };
        await _store.PutJsonAsync($"training-jobs/{jobId}/spec.json", spec, TrainingJobJson.Options);
        var runner = new TrainerRunner(TrainingBackends.CreateDefault(), (s, _) => ArtifactStores.Open(s));
        await runner.RunAsync(new TrainerArguments($"training-jobs/{jobId}/spec.json", _root, null, null, TimeSpan.FromMilliseconds(20)));
        return await _store.ReadJsonAsync<TrainingJobStatusDocument>(spec.StatusPath, TrainingJobJson.Options);
    }
}
