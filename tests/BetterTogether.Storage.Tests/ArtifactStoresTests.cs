using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.FileSystem;

namespace BetterTogether.Storage.Tests;

public sealed class ArtifactStoresTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bt-open-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Open_FilePrefix_OpensFileStoreAtPath()
    {
        var store = Assert.IsType<FileArtifactStore>(ArtifactStores.Open($"file:{_root.FullName}/a"));
        Assert.Equal(Path.Combine(_root.FullName, "a"), store.RootPath);
    }

    [Fact]
    public void Open_FileUri_OpensFileStoreAtPath()
    {
        var store = Assert.IsType<FileArtifactStore>(ArtifactStores.Open(new Uri(Path.Combine(_root.FullName, "b")).AbsoluteUri));
        Assert.Equal(Path.Combine(_root.FullName, "b"), store.RootPath);
    }

    [Fact]
    public void Open_PlainFolder_OpensFileStore()
    {
        var store = Assert.IsType<FileArtifactStore>(ArtifactStores.Open(Path.Combine(_root.FullName, "c")));
        Assert.True(Directory.Exists(store.RootPath));
    }

    [Fact]
    public void Open_UseDevelopmentStorage_OpensBlobStoreOnAzurite()
    {
        var store = Assert.IsType<AzureBlobArtifactStore>(ArtifactStores.Open("UseDevelopmentStorage=true", "runs"));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/runs/a/b.json", store.DescribeLocation("a/b.json"));
    }

    [Fact]
    public void Open_ContainerUrlWithSas_UsesUrlContainer()
    {
        var store = Assert.IsType<AzureBlobArtifactStore>(ArtifactStores.Open("https://acct.blob.core.windows.net/models?sv=2021-12-02&sig=x"));
        Assert.Equal("https://acct.blob.core.windows.net/models/a.bin", store.DescribeLocation("a.bin"));
    }

    [Fact]
    public void Open_ServiceUrlWithoutSas_UsesEntraTokensAndGivenContainer()
    {
        var store = Assert.IsType<AzureBlobArtifactStore>(ArtifactStores.Open("https://acct.blob.core.windows.net", "bt-runs"));
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/bt-runs"), store.ContainerUri);
    }

    [Fact]
    public void Open_ServiceUrlWithoutSasOverHttp_ThrowsBecauseTokensNeedHttps()
    {
        var error = Assert.Throws<ArgumentException>(() => ArtifactStores.Open("http://127.0.0.1:10000/devstoreaccount1"));
        Assert.Contains("HTTPS only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AccountKeyConnectionString_OpensBlobStoreOnNamedContainer()
    {
        var store = Assert.IsType<AzureBlobArtifactStore>(ArtifactStores.Open("AccountName=acct;AccountKey=Zm9v", "bt-runs"));
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/bt-runs"), store.ContainerUri);
    }

    [Fact]
    public void Open_MalformedConnectionString_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => ArtifactStores.Open("AccountName=acct;AccountKey=not*base64"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("file:")]
    public void Open_EmptySpec_Throws(string spec) => Assert.ThrowsAny<ArgumentException>(() => ArtifactStores.Open(spec));
}
