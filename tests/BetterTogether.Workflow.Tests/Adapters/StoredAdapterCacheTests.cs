using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Testing.Azurite;
using BetterTogether.Workflow.Adapters;
using BetterTogether.Workflow.Tests.Optimization;

namespace BetterTogether.Workflow.Tests.Adapters;

[Collection(AzuriteCollection.Name)]
public sealed class StoredAdapterCacheTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bt-adapter-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GetLocalFolderAsync_BlobStore_FetchesIntoAFolderNamedByContent()
    {
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, $"adapters-{Guid.NewGuid():N}"[..20]);
        var local = AdapterFolders.Write(Path.Combine(_root, "train", "a"), seed: 1);
        var a = await StoredAdapters.StoreAsync(store, "bt-ft-a", new AdapterReference("bt-ft-a", local));
        var b = await StoredAdapters.StoreAsync(store, "bt-ft-b", new AdapterReference("bt-ft-b", local));
        var cacheRoot = Path.Combine(_root, "cache");
        var cache = new StoredAdapterCache(store, cacheRoot);

        var first = await cache.GetLocalFolderAsync(a);
        var sameBytesElsewhere = await cache.GetLocalFolderAsync(b);
        var fresh = await new StoredAdapterCache(store, cacheRoot).GetLocalFolderAsync(a);

        Assert.Equal(Path.GetDirectoryName(first), cacheRoot);
        Assert.Matches("^[0-9a-f]{32}$", Path.GetFileName(first));
        Assert.Equal(first, sameBytesElsewhere);
        Assert.Equal(first, fresh);
        AdapterFolders.AssertSameFiles(local, first);
        Assert.Equal([first], Directory.GetDirectories(cacheRoot));
    }

    [Fact]
    public async Task GetLocalFolderAsync_NothingAtTheStorePath_SaysWhereItLooked()
    {
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, $"adapters-{Guid.NewGuid():N}"[..20]);
        var cache = new StoredAdapterCache(store, Path.Combine(_root, "cache"));

        var error = await Assert.ThrowsAsync<StoredAdapterNotFoundException>(() => cache.GetLocalFolderAsync(new AdapterReference("gone", "adapters/gone")));

        Assert.Contains(store.DescribeLocation("adapters/gone"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLocalFolderAsync_FolderStore_ReadsTheStoresFolderInPlace()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        var local = AdapterFolders.Write(Path.Combine(_root, "train", "c"), seed: 3);
        var stored = await StoredAdapters.StoreAsync(store, "bt-ft-c", new AdapterReference("bt-ft-c", local));
        var cacheRoot = Path.Combine(_root, "cache");

        var folder = await new StoredAdapterCache(store, cacheRoot).GetLocalFolderAsync(stored);

        Assert.Equal(store.DescribeLocation("adapters/bt-ft-c"), folder);
        AdapterFolders.AssertSameFiles(local, folder);
        Assert.False(Directory.Exists(cacheRoot));
    }

    [Fact]
    public async Task GetLocalFolderAsync_OldProgramsLocalFolder_IsUsedWhereItExists()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        var old = AdapterFolders.Write(Path.Combine(_root, ".bt", "adapters", "bt-ft-old"), seed: 4);

        Assert.Equal(old, await new StoredAdapterCache(store, Path.Combine(_root, "cache")).GetLocalFolderAsync(new AdapterReference("bt-ft-old", old)));
    }

    [Fact]
    public async Task GetLocalFolderAsync_OldProgramsLocalFolderMissingHere_SaysHowToMoveItIntoTheStore()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        var missing = Path.Combine(_root, "other-machine", "adapters", "bt-ft-old");

        var error = await Assert.ThrowsAsync<StoredAdapterNotFoundException>(() => new StoredAdapterCache(store, Path.Combine(_root, "cache")).GetLocalFolderAsync(new AdapterReference("bt-ft-old", missing)));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("adapters/bt-ft-old", error.Message, StringComparison.Ordinal);
        Assert.Contains("rerun the weight step", error.Message, StringComparison.Ordinal);
    }
}
