using System.Diagnostics;
using BetterTogether.Storage.FileSystem;

namespace BetterTogether.Storage.Tests.FileSystem;

/// <summary>What is specific to the file store: on-disk layout, hidden files, foreign files, locking across instances and processes.</summary>
public sealed class FileArtifactStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bt-files-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task PutAsync_WritesPlainFileWithHiddenSidecar()
    {
        var store = new FileArtifactStore(_root.FullName);
        await store.PutTextAsync("runs/r/report.json", "{}", new ArtifactWriteOptions { Metadata = new Dictionary<string, string> { ["stage"] = "report" } });

        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(_root.FullName, "runs", "r", "report.json")));
        Assert.True(File.Exists(Path.Combine(_root.FullName, "runs", "r", "report.json.bt-meta")));
        var listed = await ToListAsync(store.ListAsync(""));
        Assert.Equal(["runs/r/report.json"], listed.Select(i => i.Path));
    }

    [Fact]
    public async Task ListAsync_LeftoverTempFileFromCrash_IsHidden()
    {
        var store = new FileArtifactStore(_root.FullName);
        await store.PutTextAsync("a/x.json", "1");
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "a", $".x.json.{Guid.NewGuid():N}.bt-tmp"), "partial");

        var listed = await ToListAsync(store.ListAsync("a/"));

        Assert.Equal(["a/x.json"], listed.Select(i => i.Path));
    }

    [Fact]
    public async Task ForeignFile_IsAnArtifactWithStableETagUsableForIfMatch()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "data"));
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "data", "train.jsonl"), "{\"q\":1}\n");
        var store = new FileArtifactStore(_root.FullName);

        var info = await store.GetInfoAsync("data/train.jsonl");
        Assert.NotNull(info);
        Assert.Empty(info.Metadata);
        Assert.Equal(info.ETag, (await store.GetInfoAsync("data/train.jsonl"))!.ETag);

        await store.PutTextAsync("data/train.jsonl", "{\"q\":2}\n", new ArtifactWriteOptions { Condition = WriteCondition.IfMatch(info.ETag) });
        Assert.Equal("{\"q\":2}\n", await store.ReadTextAsync("data/train.jsonl"));
    }

    [Fact]
    public async Task GetInfoAsync_SidecarNotDescribingData_FallsBackWithoutMetadata()
    {
        var store = new FileArtifactStore(_root.FullName);
        await store.PutTextAsync("s.json", "old", new ArtifactWriteOptions { Metadata = new Dictionary<string, string> { ["k"] = "v" } });

        // As if a writer died between its sidecar rename and its data rename: the data is older than the sidecar says.
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "s.json"), "other bytes");

        var info = await store.GetInfoAsync("s.json");
        Assert.NotNull(info);
        Assert.Empty(info.Metadata);
        Assert.Equal(11, info.Length);
    }

    [Theory]
    [InlineData("a.bt-meta")]
    [InlineData("dir/x.bt-tmp")]
    [InlineData(".bt/locks/00.lock")]
    [InlineData(".bt")]
    public async Task PutAsync_ReservedName_Throws(string path)
    {
        var store = new FileArtifactStore(_root.FullName);
        var error = await Assert.ThrowsAsync<InvalidArtifactPathException>(() => store.PutTextAsync(path, "x"));
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_LastArtifactInFolder_PrunesEmptyFolders()
    {
        var store = new FileArtifactStore(_root.FullName);
        await store.PutTextAsync("runs/r1/deep/x.json", "1");
        await store.PutTextAsync("runs/r2/y.json", "2");

        Assert.True(await store.DeleteAsync("runs/r1/deep/x.json"));

        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "runs", "r1")));
        Assert.True(Directory.Exists(Path.Combine(_root.FullName, "runs", "r2")));
    }

    [Fact]
    public async Task PutAsync_ArtifactNamedLikeFolder_FailsClearly()
    {
        var store = new FileArtifactStore(_root.FullName);
        await store.PutTextAsync("runs/r1/x.json", "1");
        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("runs/r1", "clash"));
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_ConcurrentCreateOnlyAcrossTwoStoreInstances_ExactlyOneWins()
    {
        // Two instances share no in-process gate, so only the lock file keeps them apart.
        var first = new FileArtifactStore(_root.FullName);
        var second = new FileArtifactStore(_root.FullName);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? first : second;
            try
            {
                await store.PutTextAsync("journal/000001.json", $"writer-{i}", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists });
                return true;
            }
            catch (ArtifactConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task PutAsync_LockHeldByAnotherProcess_WaitsThenTimesOut()
    {
        var store = new FileArtifactStore(new FileArtifactStoreOptions { RootPath = _root.FullName, LockTimeout = TimeSpan.FromMilliseconds(300) });
        await store.PutTextAsync("locked.json", "1");
        var lockFile = store.LockFileFor("locked.json");

        // util-linux flock(1) takes the same flock(2) lock that FileShare.None takes in .NET on Unix.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-x", lockFile, "sleep", "5"]) { UseShellExecute = false })!;
        try
        {
            await WaitUntilLockedAsync(lockFile);
            var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("locked.json", "2"));
            Assert.Contains("locked.json", error.Message, StringComparison.Ordinal);
            Assert.Equal("1", await store.ReadTextAsync("locked.json"));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        await store.PutTextAsync("locked.json", "3");
        Assert.Equal("3", await store.ReadTextAsync("locked.json"));
    }

    [Fact]
    public async Task ListAsync_WhileFoldersAreCreatedAndPruned_NeverThrowsAndSeesOnlyWholeArtifacts()
    {
        var store = new FileArtifactStore(new FileArtifactStoreOptions { RootPath = _root.FullName, FlushToDisk = false });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var path = $"churn/w{w}/f{i % 5}/x.json";
                await store.PutTextAsync(path, "{\"ok\":true}");
                await store.DeleteAsync(path);
            }
        })).ToList();
        var listings = 0;
        while (!stop.IsCancellationRequested)
        {
            await foreach (var item in store.ListAsync("churn/"))
            {
                Assert.Equal(11, item.Length);
            }

            listings++;
        }

        await Task.WhenAll(writers);
        Assert.True(listings > 0);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => new FileArtifactStore(new FileArtifactStoreOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileArtifactStore(new FileArtifactStoreOptions { RootPath = _root.FullName, LockTimeout = TimeSpan.Zero }));
    }

    private static async Task WaitUntilLockedAsync(string lockFile)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                }
            }
            catch (IOException)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new InvalidOperationException($"flock never took {lockFile}.");
    }

    private static async Task<List<ArtifactInfo>> ToListAsync(IAsyncEnumerable<ArtifactInfo> items)
    {
        var list = new List<ArtifactInfo>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
