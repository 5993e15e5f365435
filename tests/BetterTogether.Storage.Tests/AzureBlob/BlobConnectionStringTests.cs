using BetterTogether.Storage.AzureBlob;

namespace BetterTogether.Storage.Tests.AzureBlob;

public sealed class BlobConnectionStringTests
{
    [Fact]
    public void Parse_UseDevelopmentStorage_GivesAzuriteEndpointAndWellKnownKey()
    {
        var parsed = BlobConnectionString.Parse("UseDevelopmentStorage=true");
        Assert.True(parsed.IsDevelopmentStorage);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.IsType<SharedKeyBlobCredentials>(parsed.Credentials);
    }

    [Fact]
    public void Parse_AccountNameKeyAndSuffix_BuildsHostStyleEndpoint()
    {
        var parsed = BlobConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={BlobConnectionString.DevelopmentAccountKey};EndpointSuffix=core.chinacloudapi.cn");
        Assert.Equal(new Uri("https://acct.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
        Assert.Equal("acct", ((SharedKeyBlobCredentials)parsed.Credentials).AccountName);
    }

    [Fact]
    public void Parse_DefaultSuffix_IsCoreWindowsNet()
    {
        var parsed = BlobConnectionString.Parse($"AccountName=acct;AccountKey={BlobConnectionString.DevelopmentAccountKey}");
        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Parse_BlobEndpointAndSas_UsesSasCredentials()
    {
        var parsed = BlobConnectionString.Parse("BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2021-12-02&ss=b&sig=abc%3D");
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/"), parsed.BlobEndpoint);
        Assert.IsType<SasBlobCredentials>(parsed.Credentials);
    }

    [Fact]
    public void Parse_ExplicitBlobEndpointWithKey_KeepsPathStyleEndpoint()
    {
        var parsed = BlobConnectionString.Parse($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={BlobConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:12345/devstoreaccount1;");
        Assert.Equal(new Uri("http://127.0.0.1:12345/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.IsType<SharedKeyBlobCredentials>(parsed.Credentials);
    }

    [Theory]
    [InlineData("AccountKey=abc")]
    [InlineData("AccountName=acct;AccountKey=not*base64")]
    [InlineData("BlobEndpoint=ftp://host/")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=acct")]
    [InlineData("AccountName=acct;novalue")]
    public void Parse_Malformed_ThrowsFormatException(string connectionString)
    {
        Assert.Throws<FormatException>(() => BlobConnectionString.Parse(connectionString));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("AccountName=a;AccountKey=b", true)]
    [InlineData("/tmp/store", false)]
    [InlineData("file:/tmp/a=b", false)]
    public void LooksLikeConnectionString_Classifies(string value, bool expected)
    {
        Assert.Equal(expected, BlobConnectionString.LooksLikeConnectionString(value));
    }
}
