using System.Security.Cryptography;
using System.Text;

namespace BetterTogether.Storage.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IArtifactStore"/> must have. Each store's test class derives from this one;
/// stores made by <see cref="CreateStore"/> split payloads over <see cref="LargeThreshold"/> bytes into blocks.
/// </summary>
public abstract class ArtifactStoreContractTests
{
    /// <summary>Payloads above this size must take the store's large-upload path.</summary>
    protected const int LargeThreshold = 64 * 1024;

    /// <summary>A fresh, empty store (list page size 3, so listing pages).</summary>
    protected abstract IArtifactStore CreateStore();

    [Fact]
    public async Task PutAsync_ThenOpenRead_ReturnsSameBytesAndInfo()
    {
        var store = CreateStore();
        var info = await store.PutTextAsync("runs/r1/report.json", "{\"score\":0.5}");
        Assert.Equal("runs/r1/report.json", info.Path);
        Assert.Equal(13, info.Length);
        Assert.False(string.IsNullOrEmpty(info.ETag));

        Assert.Equal("{\"score\":0.5}", await store.ReadTextAsync("runs/r1/report.json"));
        var stored = await store.GetInfoAsync("runs/r1/report.json");
        Assert.NotNull(stored);
        Assert.Equal(info.ETag, stored.ETag);
        Assert.Equal(13, stored.Length);
        Assert.InRange(stored.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task PutAsync_EmptyContent_StoresZeroBytes()
    {
        var store = CreateStore();
        var info = await store.PutBytesAsync("empty.bin", ReadOnlyMemory<byte>.Empty);
        Assert.Equal(0, info.Length);
        Assert.Empty(await store.ReadBytesAsync("empty.bin"));
    }

    [Fact]
    public async Task PutAsync_Overwrite_ReplacesContentAndChangesETag()
    {
        var store = CreateStore();
        var first = await store.PutTextAsync("a/state.json", "one");
        var second = await store.PutTextAsync("a/state.json", "two, longer");
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("two, longer", await store.ReadTextAsync("a/state.json"));
        Assert.Equal(second.ETag, (await store.GetInfoAsync("a/state.json"))!.ETag);
    }

    [Fact]
    public async Task PutAsync_SpecialCharactersInPath_RoundTripsAndLists()
    {
        var store = CreateStore();
        const string path = "runs/x y (1)/ü+ß=%20&.json";
        await store.PutTextAsync(path, "ok");
        Assert.Equal("ok", await store.ReadTextAsync(path));
        var listed = await ToListAsync(store.ListAsync("runs/x y"));
        Assert.Equal([path], listed.Select(i => i.Path));
    }

    [Fact]
    public async Task PutAsync_LargePayload_UploadsInBlocksAndReadsBack()
    {
        var store = CreateStore();
        var payload = RandomNumberGenerator.GetBytes((LargeThreshold * 3) + 12345);
        var info = await store.PutAsync("adapters/a1/adapter_model.safetensors", new MemoryStream(payload), new ArtifactWriteOptions { ContentType = "application/octet-stream" });
        Assert.Equal(payload.Length, info.Length);
        Assert.Equal(payload, await store.ReadBytesAsync("adapters/a1/adapter_model.safetensors"));
        Assert.Equal(payload.Length, (await store.GetInfoAsync("adapters/a1/adapter_model.safetensors"))!.Length);
    }

    [Fact]
    public async Task PutAsync_Metadata_IsReturnedByGetInfoAndList()
    {
        var store = CreateStore();
        var metadata = new Dictionary<string, string> { ["stage"] = "train", ["Seed"] = "42" };
        var info = await store.PutTextAsync("m/data.jsonl", "{}\n", new ArtifactWriteOptions { Metadata = metadata });
        Assert.Equal("train", info.Metadata["stage"]);

        var stored = await store.GetInfoAsync("m/data.jsonl");
        Assert.Equal("train", stored!.Metadata["stage"]);
        Assert.Equal("42", stored.Metadata["seed"]);
        Assert.Equal(2, stored.Metadata.Count);

        var listed = Assert.Single(await ToListAsync(store.ListAsync("m/")));
        Assert.Equal("42", listed.Metadata["Seed"]);
        Assert.Equal(stored.ETag, listed.ETag);
    }

    [Fact]
    public async Task PutAsync_InvalidMetadataKey_Throws()
    {
        var store = CreateStore();
        var options = new ArtifactWriteOptions { Metadata = new Dictionary<string, string> { ["bad-key"] = "x" } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.PutTextAsync("m/x", "x", options));
        Assert.Contains("bad-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_CreateOnlyWhenExists_ThrowsConflictAndKeepsContent()
    {
        var store = CreateStore();
        await store.PutTextAsync("journal/0001.json", "first", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists });
        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutTextAsync("journal/0001.json", "second", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists }));
        Assert.Equal("first", await store.ReadTextAsync("journal/0001.json"));
    }

    [Fact]
    public async Task PutAsync_CreateOnlyLargePayloadWhenExists_ThrowsConflict()
    {
        var store = CreateStore();
        await store.PutTextAsync("big.bin", "small");
        var payload = new byte[LargeThreshold * 2];
        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutAsync("big.bin", new MemoryStream(payload), new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists }));
        Assert.Equal("small", await store.ReadTextAsync("big.bin"));
    }

    [Fact]
    public async Task PutAsync_ConcurrentCreateOnly_ExactlyOneWins()
    {
        var store = CreateStore();
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await store.PutTextAsync("lease", $"owner-{i}", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists });
                return true;
            }
            catch (ArtifactConflictException)
            {
                return false;
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"owner-{winner}", await store.ReadTextAsync("lease"));
    }

    [Fact]
    public async Task PutAsync_IfMatch_SucceedsOnCurrentETagAndConflictsOnStaleOrMissing()
    {
        var store = CreateStore();
        var first = await store.PutTextAsync("cas.json", "1");
        var second = await store.PutTextAsync("cas.json", "2", new ArtifactWriteOptions { Condition = WriteCondition.IfMatch(first.ETag) });
        Assert.Equal("2", await store.ReadTextAsync("cas.json"));

        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutTextAsync("cas.json", "3", new ArtifactWriteOptions { Condition = WriteCondition.IfMatch(first.ETag) }));
        Assert.Equal("2", await store.ReadTextAsync("cas.json"));
        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutTextAsync("missing.json", "x", new ArtifactWriteOptions { Condition = WriteCondition.IfMatch(second.ETag) }));
        Assert.Null(await store.GetInfoAsync("missing.json"));
    }

    [Fact]
    public async Task PutAsync_ConcurrentIfMatchIncrements_LoseNoUpdate()
    {
        var store = CreateStore();
        await store.PutTextAsync("counter", "0");
        async Task IncrementAsync()
        {
            while (true)
            {
                var info = (await store.GetInfoAsync("counter"))!;
                var value = int.Parse(await store.ReadTextAsync("counter"), System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    await store.PutTextAsync("counter", (value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new ArtifactWriteOptions { Condition = WriteCondition.IfMatch(info.ETag) });
                    return;
                }
                catch (ArtifactConflictException)
                {
                    // Someone else won this round: read again.
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(IncrementAsync)));
        Assert.Equal("6", await store.ReadTextAsync("counter"));
    }

    [Fact]
    public async Task ListAsync_ManyItems_ReturnsAllInOrdinalOrderAcrossPages()
    {
        var store = CreateStore();
        string[] paths = ["p/ab", "p/a/b", "p/B", "p/a.txt", "p/a-c", "q/other", "p0"];
        foreach (var path in paths)
        {
            await store.PutTextAsync(path, path);
        }

        var all = await ToListAsync(store.ListAsync(""));
        Assert.Equal(paths.Order(StringComparer.Ordinal), all.Select(i => i.Path));
        var underP = await ToListAsync(store.ListAsync("p/"));
        Assert.Equal(["p/B", "p/a-c", "p/a.txt", "p/a/b", "p/ab"], underP.Select(i => i.Path));
        var partial = await ToListAsync(store.ListAsync("p/a"));
        Assert.Equal(["p/a-c", "p/a.txt", "p/a/b", "p/ab"], partial.Select(i => i.Path));
        Assert.Equal("p/a.txt".Length, partial[1].Length);
        Assert.Empty(await ToListAsync(store.ListAsync("nothing/")));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesAndReturnsTrueThenFalse()
    {
        var store = CreateStore();
        await store.PutTextAsync("d/x.txt", "x");
        await store.PutTextAsync("d/y.txt", "y");
        Assert.True(await store.DeleteAsync("d/x.txt"));
        Assert.False(await store.DeleteAsync("d/x.txt"));
        Assert.Null(await store.GetInfoAsync("d/x.txt"));
        Assert.Equal(["d/y.txt"], (await ToListAsync(store.ListAsync("d/"))).Select(i => i.Path));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ThrowsNotFoundNamingPath()
    {
        var store = CreateStore();
        var error = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.OpenReadAsync("runs/none/report.json"));
        Assert.Equal("runs/none/report.json", error.Path);
        Assert.Contains("runs/none/report.json", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetInfoAsync("runs/none/report.json"));
        Assert.False(await store.DeleteAsync("runs/none/report.json"));
        Assert.Null(await store.TryReadJsonAsync<Dictionary<string, int>>("runs/none/report.json"));
        Assert.Null(await store.TryReadTextAsync("runs/none/report.json"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("dir/")]
    [InlineData("a//b")]
    [InlineData("../escape")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("a\\b")]
    [InlineData("a/\u0001b")]
    public async Task AllOperations_BadPath_ThrowInvalidArtifactPath(string path)
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<InvalidArtifactPathException>(() => store.PutTextAsync(path, "x"));
        await Assert.ThrowsAsync<InvalidArtifactPathException>(() => store.OpenReadAsync(path));
        await Assert.ThrowsAsync<InvalidArtifactPathException>(() => store.GetInfoAsync(path));
        await Assert.ThrowsAsync<InvalidArtifactPathException>(() => store.DeleteAsync(path));
    }

    [Fact]
    public async Task PutAsync_CancelledMidUpload_LeavesOldContentAndNothingPartial()
    {
        var store = CreateStore();
        await store.PutTextAsync("c/model.bin", "old");
        using var cts = new CancellationTokenSource();
        var source = new CancellingStream(RandomNumberGenerator.GetBytes(LargeThreshold * 4), cancelAfter: LargeThreshold * 2, cts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("c/model.bin", source, null, cts.Token));
        using var cts2 = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("c/new.bin", new CancellingStream(new byte[LargeThreshold * 4], LargeThreshold * 2, cts2), null, cts2.Token));

        Assert.Equal("old", await store.ReadTextAsync("c/model.bin"));
        Assert.Null(await store.GetInfoAsync("c/new.bin"));
        Assert.Equal(["c/model.bin"], (await ToListAsync(store.ListAsync(""))).Select(i => i.Path));
    }

    [Fact]
    public async Task JsonHelpers_RoundTripRecordAndRejectBadJson()
    {
        var store = CreateStore();
        var info = await store.PutJsonAsync("runs/r/state.json", new Sample("iris", [1, 2, 3]));
        Assert.Equal("application/json", info.ContentType);
        var stored = await store.GetInfoAsync("runs/r/state.json");
        Assert.Equal(info.ETag, stored!.ETag);
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal("application/json", Assert.Single(await ToListAsync(store.ListAsync("runs/r/s"))).ContentType);
        Assert.Equal(new Sample("iris", [1, 2, 3]).Name, (await store.ReadJsonAsync<Sample>("runs/r/state.json")).Name);
        var seeds = (await store.ReadJsonAsync<Sample>("runs/r/state.json")).Seeds;
        Assert.Equal(new[] { 1, 2, 3 }, seeds);

        await store.PutTextAsync("runs/r/bad.json", "{not json");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadJsonAsync<Sample>("runs/r/bad.json"));
        Assert.Contains("runs/r/bad.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeLocation_NamesThePath()
    {
        var store = CreateStore();
        Assert.Contains("report.json", store.DescribeLocation("runs/r1/report.json"), StringComparison.Ordinal);
    }

    protected static async Task<List<ArtifactInfo>> ToListAsync(IAsyncEnumerable<ArtifactInfo> items)
    {
        var list = new List<ArtifactInfo>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed record Sample(string Name, int[] Seeds);
}
