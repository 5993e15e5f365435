using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Adapters;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Adapters;

public sealed class StoredAdaptersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bt-stored-adapters-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task StoreAsync_LocalFolder_UploadsItToTheJobsAdapterFolder()
    {
        var store = new InMemoryArtifactStore();
        var local = AdapterFolders.Write(Path.Combine(_root, "train", "bt-ft-1"), seed: 1);

        var stored = await StoredAdapters.StoreAsync(store, "bt-ft-1", new AdapterReference("bt-ft-1", local));

        Assert.Equal(new AdapterReference("bt-ft-1", "adapters/bt-ft-1"), stored);
        Assert.True(stored.NamesStorePath());
        Assert.Equal(File.ReadAllBytes(Path.Combine(local, "adapter_model.safetensors")), await store.ReadBytesAsync("adapters/bt-ft-1/adapter_model.safetensors"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(local, "adapter_config.json")), await store.ReadBytesAsync("adapters/bt-ft-1/adapter_config.json"));
        Assert.Equal(stored, await StoredAdapters.FindAsync(store, "bt-ft-1", "bt-ft-1"));
    }

    [Fact]
    public async Task StoreAsync_AdapterAlreadyStored_UploadsNothing()
    {
        var store = new InMemoryArtifactStore();
        var local = AdapterFolders.Write(Path.Combine(_root, "train", "bt-ft-2"), seed: 2);
        await StoredAdapters.StoreAsync(store, "bt-ft-2", new AdapterReference("bt-ft-2", local));
        var puts = store.PutCount;

        var again = await StoredAdapters.StoreAsync(store, "bt-ft-2", new AdapterReference("bt-ft-2", local));

        Assert.Equal("adapters/bt-ft-2", again.Location);
        Assert.Equal(puts, store.PutCount);
    }

    [Fact]
    public async Task StoreAsync_FolderInsideAFolderStore_IsNamedByItsPathWithoutACopy()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        AdapterFolders.Write(Path.Combine(_root, "store", "adapters", "bt-ft-3"), seed: 3);

        var stored = await StoredAdapters.StoreAsync(store, "bt-ft-3", new AdapterReference("bt-ft-3", store.DescribeLocation("adapters/bt-ft-3")));

        Assert.Equal("adapters/bt-ft-3", stored.Location);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "store", "adapters", "bt-ft-3"), "*.bt-meta"));
    }

    [Fact]
    public async Task StoreAsync_JobStatuses_OnlyAFinishedJobsAdapterIsRenamed()
    {
        var store = new InMemoryArtifactStore();
        var local = AdapterFolders.Write(Path.Combine(_root, "train", "bt-ft-4"), seed: 4);
        var running = new FineTuneJobStatus("bt-ft-4", FineTuneJobState.Running);

        Assert.Same(running, await StoredAdapters.StoreAsync(store, running));
        var done = await StoredAdapters.StoreAsync(store, new FineTuneJobStatus("bt-ft-4", FineTuneJobState.Succeeded, Adapter: new AdapterReference("bt-ft-4", local)));
        Assert.Equal("adapters/bt-ft-4", done.Adapter!.Location);
    }

    [Fact]
    public async Task StoreAsync_JobFineTunersStorePath_StaysAsItIs()
    {
        var adapter = new AdapterReference("bt-ft-5", "training-jobs/bt-ft-5/adapter");
        Assert.Equal(adapter, await StoredAdapters.StoreAsync(new InMemoryArtifactStore(), "bt-ft-5", adapter));
    }

    [Fact]
    public async Task StoreAsync_LocationOfAnotherKind_StaysAsItIs()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        var adapter = new AdapterReference("lora", "hf://org/lora");
        Assert.Equal(adapter, await StoredAdapters.StoreAsync(store, "bt-ft-6", adapter));
    }

    [Fact]
    public async Task StoreAsync_LocalFolderWithoutPeftConfig_FailsNamingTheFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StoredAdapters.StoreAsync(new InMemoryArtifactStore(), "bt-ft-7", new AdapterReference("bt-ft-7", folder)));
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("adapter_config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStorePath_LocationsTheStoreDescribes_AreItsPaths()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        var described = store.DescribeLocation("training-jobs/j1/adapter");

        Assert.Equal("training-jobs/j1/adapter", StoredAdapters.ToStorePath(store, described));
        Assert.Equal("training-jobs/j1/adapter", StoredAdapters.ToStorePath(store, described + "/"));
        Assert.Equal("training-jobs/j1/adapter", StoredAdapters.ToStorePath(store, new Uri(described).AbsoluteUri));
        Assert.Equal("adapters/x", StoredAdapters.ToStorePath(store, "adapters/x"));
        Assert.Null(StoredAdapters.ToStorePath(store, Path.Combine(_root, "elsewhere", "adapter")));
        Assert.Null(StoredAdapters.ToStorePath(store, "https://example.blob.core.windows.net/artifacts/adapters/x"));
    }
}
