using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Trainer.Backends;
using BetterTogether.Trainer.Cli;
using BetterTogether.Trainer.Running;
using BetterTogether.TrainingJobs.Data;
using BetterTogether.TrainingJobs.Specs;
using BetterTogether.TrainingJobs.Tests.Infrastructure;
using BetterTogether.TrainingJobs.Tests.Specs;

namespace BetterTogether.TrainingJobs.Tests.Trainer;

/// <summary>The trainer entrypoint in-process over a file store: the failure paths end in the status blob.</summary>
public sealed class TrainerRunnerTests
{
    private readonly string _root = TestData.TempFolder();
    private readonly FileArtifactStore _store;

    public TrainerRunnerTests() => _store = new FileArtifactStore(_root);

    [Fact]
    public async Task RunAsync_ValidJob_UploadsAdapterThenMarksSucceeded()
    {
        await TinyModelFolder.UploadAsync(_store, "models/tiny-chat");
        await _store.PutBytesAsync("training-jobs/j1/data.jsonl", ChatJsonl.Write(TestData.Records));
        await _store.PutJsonAsync("training-jobs/j1/spec.json", TrainingJobSpecTests.Spec() with { Hyperparameters = TestData.Request(epochs: 1).Hyperparameters }, TrainingJobJson.Options);

        var code = await Runner().RunAsync(Arguments());

        Assert.Equal(TrainerExitCodes.Succeeded, code);
        var status = await Status();
        Assert.Equal(FineTuneJobState.Succeeded, status.State);
        Assert.Equal((2, 2), (status.Step, status.TotalSteps));
        Assert.True(await _store.ExistsAsync("training-jobs/j1/adapter/adapter_model.safetensors"));
        Assert.True(await _store.ExistsAsync("training-jobs/j1/adapter/adapter_config.json"));

        // A rerun of a finished job (a retried container) does nothing.
        Assert.Equal(TrainerExitCodes.Succeeded, await Runner().RunAsync(Arguments()));
    }

    [Fact]
    public async Task RunAsync_SpecNotJson_WritesFailedNextToSpecAndExitsBadInput()
    {
        await _store.PutTextAsync("training-jobs/j1/spec.json", "{ nope");
        Assert.Equal(TrainerExitCodes.BadInput, await Runner().RunAsync(Arguments()));
        var status = await Status();
        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("not a valid spec", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SpecMissing_WritesFailed()
    {
        Assert.Equal(TrainerExitCodes.BadInput, await Runner().RunAsync(Arguments()));
        Assert.Contains("No job spec", (await Status()).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingModel_FailsNamingTheFolder()
    {
        await _store.PutBytesAsync("training-jobs/j1/data.jsonl", ChatJsonl.Write(TestData.Records));
        await _store.PutJsonAsync("training-jobs/j1/spec.json", TrainingJobSpecTests.Spec(), TrainingJobJson.Options);

        Assert.Equal(TrainerExitCodes.Failed, await Runner().RunAsync(Arguments()));
        var status = await Status();
        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("models/tiny-chat", status.Error, StringComparison.Ordinal);
        Assert.Contains("config.json", status.Error, StringComparison.Ordinal);
        Assert.NotNull(status.CompletedAt);
    }

    [Fact]
    public async Task RunAsync_UnknownBackend_FailsListingTheOffer()
    {
        await _store.PutJsonAsync("training-jobs/j1/spec.json", TrainingJobSpecTests.Spec() with { Backend = "cuda" }, TrainingJobJson.Options);
        Assert.Equal(TrainerExitCodes.Failed, await Runner().RunAsync(Arguments()));
        Assert.Contains("'cuda'", (await Status()).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AlreadyCancelled_ExitsWithoutTraining()
    {
        await _store.PutJsonAsync("training-jobs/j1/spec.json", TrainingJobSpecTests.Spec(), TrainingJobJson.Options);
        await _store.PutJsonAsync("training-jobs/j1/status.json", new TrainingJobStatusDocument { JobId = "j1", State = FineTuneJobState.Cancelled }, TrainingJobJson.Options);
        Assert.Equal(TrainerExitCodes.Cancelled, await Runner().RunAsync(Arguments()));
        Assert.Equal(FineTuneJobState.Cancelled, (await Status()).State);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/bt/training-jobs/j1/spec.json?sv=1&sig=x", null, "https://acct.blob.core.windows.net/bt?sv=1&sig=x", "bt", "training-jobs/j1/spec.json")]
    [InlineData("https://acct.blob.core.windows.net/bt/training-jobs/j1/spec.json", null, "https://acct.blob.core.windows.net/bt", "bt", "training-jobs/j1/spec.json")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/bt/a/spec.json", "UseDevelopmentStorage=true", "UseDevelopmentStorage=true", "bt", "a/spec.json")]
    [InlineData("training-jobs/j1/spec.json", "/var/bt", "/var/bt", null, "training-jobs/j1/spec.json")]
    public void Resolve_SpecArgument_SplitsStoreAndPath(string spec, string? store, string expectedStore, string? expectedContainer, string expectedPath)
    {
        var location = SpecLocation.Resolve(spec, store, null);
        Assert.Equal((expectedStore, expectedContainer, expectedPath), (location.Store, location.Container, location.Path));
    }

    [Fact]
    public void Resolve_PathWithoutStore_Throws() =>
        Assert.Throws<ArgumentException>(() => SpecLocation.Resolve("training-jobs/j1/spec.json", null, null));

    [Fact]
    public void Parse_EnvironmentFallback_ReadsVariables()
    {
        var env = new Dictionary<string, string> { ["BT_TRAINING_SPEC"] = "s.json", ["BT_ARTIFACTS"] = "/var/bt", ["BT_ARTIFACTS_CONTAINER"] = "c" };
        var parsed = TrainerArguments.Parse(["--progress-interval", "0.5"], env.GetValueOrDefault);
        Assert.Equal(("s.json", "/var/bt", "c", TimeSpan.FromSeconds(0.5)), (parsed.Spec, parsed.Store, parsed.Container, parsed.ProgressInterval));
        Assert.Throws<ArgumentException>(() => TrainerArguments.Parse(["--bogus", "x"], env.GetValueOrDefault));
        Assert.Throws<ArgumentException>(() => TrainerArguments.Parse([], _ => null));
    }

    private TrainerArguments Arguments() => new("training-jobs/j1/spec.json", _root, null, null, TimeSpan.FromMilliseconds(20));

    private TrainerRunner Runner() => new(TrainingBackends.CreateDefault(), (spec, _) => ArtifactStores.Open(spec));

    private Task<TrainingJobStatusDocument> Status() => _store.ReadJsonAsync<TrainingJobStatusDocument>("training-jobs/j1/status.json", TrainingJobJson.Options);
}
