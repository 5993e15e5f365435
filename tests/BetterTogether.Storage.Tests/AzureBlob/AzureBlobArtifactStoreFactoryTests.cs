using Azure.Core;
using Azure.Storage.Blobs;
using BetterTogether.Storage.AzureBlob;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>Opening a blob store and validating its options: nothing here talks to a server.</summary>
public sealed class AzureBlobArtifactStoreFactoryTests
{
    private int _tokenRequests;

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("http://acct.blob.core.windows.net")]
    public void FromTokenCredential_PlainHttp_ThrowsClearErrorWithoutAskingForToken(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => AzureBlobArtifactStore.FromTokenCredential(new Uri(url), Credential()));

        Assert.Contains("HTTPS only", error.Message, StringComparison.Ordinal);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("SAS", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _tokenRequests);
    }

    [Fact]
    public void FromTokenCredential_ContainerUrl_UsesUrlContainer()
    {
        var store = AzureBlobArtifactStore.FromTokenCredential(new Uri("https://acct.blob.core.windows.net/models/"), Credential(), "other");

        Assert.Equal(new Uri("https://acct.blob.core.windows.net/models"), store.ContainerUri);
        Assert.Equal("https://acct.blob.core.windows.net/models/a%20b/c.bin", store.DescribeLocation("a b/c.bin"));
    }

    [Fact]
    public void FromTokenCredential_UrlWithQuery_PointsToSasFactory()
    {
        var error = Assert.Throws<ArgumentException>(() => AzureBlobArtifactStore.FromTokenCredential(new Uri("https://acct.blob.core.windows.net/?sv=1&sig=secret"), Credential()));

        Assert.Contains(nameof(AzureBlobArtifactStore.FromSasUri), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSasUri_NoQuery_Throws()
    {
        Assert.Throws<ArgumentException>(() => AzureBlobArtifactStore.FromSasUri(new Uri("https://acct.blob.core.windows.net/models")));
    }

    [Fact]
    public void FromConnectionString_ExplicitEndpoint_UsesItAndContainer()
    {
        var store = AzureBlobArtifactStore.FromConnectionString(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Zm9v;BlobEndpoint=http://127.0.0.1:12345/devstoreaccount1;", "runs");

        Assert.Equal(new Uri("http://127.0.0.1:12345/devstoreaccount1/runs"), store.ContainerUri);
    }

    [Fact]
    public void FromConnectionString_AccountAndSuffix_UsesHostStyleEndpoint()
    {
        var store = AzureBlobArtifactStore.FromConnectionString("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9v;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri($"https://acct.blob.core.chinacloudapi.cn/{ArtifactStores.DefaultContainerName}"), store.ContainerUri);
    }

    [Theory]
    [InlineData("AccountName=acct;novalue")]
    [InlineData("AccountName=acct;AccountKey=not*base64")]
    [InlineData("UseDevelopmentStorage=maybe")]
    public void FromConnectionString_Malformed_ThrowsFormatExceptionWithoutEchoingIt(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => AzureBlobArtifactStore.FromConnectionString(connectionString));

        Assert.DoesNotContain(connectionString, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ab")]
    [InlineData("has--double")]
    [InlineData("UPPER")]
    [InlineData("-start")]
    public void FromConnectionString_BadContainerName_ThrowsNamingIt(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => AzureBlobArtifactStore.FromConnectionString("UseDevelopmentStorage=true", name));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRangeValues_AreRejected()
    {
        var options = new AzureBlobArtifactStoreOptions { BlockSizeBytes = 10 };
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        options.BlockSizeBytes = 1024;
        options.ListPageSize = 5001;
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        options.ListPageSize = 10;
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(1);
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Throws<ArgumentOutOfRangeException>(() => AzureBlobArtifactStore.FromConnectionString("UseDevelopmentStorage=true", configure: o => o.MaxRetryAttempts = -1));
    }

    [Fact]
    public void CreateClientOptions_MapsRetrySettingsVersionAndHook()
    {
        var options = new AzureBlobArtifactStoreOptions
        {
            MaxRetryAttempts = 7,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            NetworkTimeout = TimeSpan.FromSeconds(9),
            ServiceVersion = BlobClientOptions.ServiceVersion.V2021_12_02,
            ConfigureClient = c => c.Diagnostics.ApplicationId = "bt-test",
        };

        var client = options.CreateClientOptions();

        Assert.Equal(RetryMode.Exponential, client.Retry.Mode);
        Assert.Equal(7, client.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(20), client.Retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(2), client.Retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(9), client.Retry.NetworkTimeout);
        Assert.Equal(BlobClientOptions.ServiceVersion.V2021_12_02, client.Version);
        Assert.Equal("bt-test", client.Diagnostics.ApplicationId);
    }

    private TokenCredential Credential() => DelegatedTokenCredential.Create((_, _) =>
    {
        Interlocked.Increment(ref _tokenRequests);
        return new AccessToken("token", DateTimeOffset.UtcNow.AddHours(1));
    });
}
