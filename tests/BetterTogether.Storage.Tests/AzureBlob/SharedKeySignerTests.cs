using System.Net.Http.Headers;
using BetterTogether.Storage.AzureBlob;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>
/// SharedKey vectors: the strings to sign follow the layout of Microsoft's "Authorize with Shared Key" page
/// (the first is its Get Container Metadata example); the signatures were computed independently with
/// <c>openssl dgst -sha256 -mac HMAC -macopt hexkey:$(base64 -d of the key | xxd -p) | base64</c>.
/// </summary>
public sealed class SharedKeySignerTests
{
    private static readonly byte[] DevKey = Convert.FromBase64String(BlobConnectionString.DevelopmentAccountKey);

    [Fact]
    public void BuildStringToSign_DocsGetContainerMetadataExample_MatchesDocsAndOpensslSignature()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata&timeout=20");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2015-02-21");

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "myaccount");

        Assert.Equal("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20", stringToSign);
        Assert.Equal("1u9lui2jDxj0+fpbHjQ5m5NnastJRSYM+PSmfi8TXx4=", SharedKeySigner.Sign(stringToSign, DevKey));
    }

    [Fact]
    public void BuildStringToSign_PathStylePutBlockWithConditionAndMetadata_RepeatsAccountAndDecodesQuery()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/my-container/runs/my%20blob.txt?comp=block&blockid=QUJDRA%3D%3D")
        {
            Content = new ByteArrayContent("hello"u8.ToArray()),
        };
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Sun, 22 Nov 2026 10:00:00 GMT");
        request.Headers.TryAddWithoutValidation("X-MS-Meta-Stage", "  train ");
        request.Headers.TryAddWithoutValidation("x-ms-blob-content-type", "text/plain");
        request.Headers.TryAddWithoutValidation("If-Match", "\"0x8DB0000000000AB\"");
        request.Content.Headers.ContentLength = 5;

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "devstoreaccount1");

        Assert.Equal(
            "PUT\n\n\n5\n\n\n\n\n\"0x8DB0000000000AB\"\n\n\n\n"
            + "x-ms-blob-content-type:text/plain\nx-ms-date:Sun, 22 Nov 2026 10:00:00 GMT\nx-ms-meta-stage:train\nx-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/my-container/runs/my%20blob.txt\nblockid:QUJDRA==\ncomp:block",
            stringToSign);
        Assert.Equal("jO2j70eAxZJMPR65IOe/2uvGXb3FbIKPsH1/oq+EbPs=", SharedKeySigner.Sign(stringToSign, DevKey));
    }

    [Fact]
    public void BuildStringToSign_ZeroLengthBody_LeavesContentLengthEmpty()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/c?restype=container") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        var lines = SharedKeySigner.BuildStringToSign(request, "devstoreaccount1").Split('\n');
        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal("application/xml", lines[5]);
    }

    [Fact]
    public async Task AuthorizeAsync_SharedKey_SetsAuthorizationHeader()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata&timeout=20");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2015-02-21");

        await BlobCredentials.SharedKey("myaccount", BlobConnectionString.DevelopmentAccountKey).AuthorizeAsync(request, TimeProvider.System, CancellationToken.None);

        Assert.Equal("SharedKey myaccount:1u9lui2jDxj0+fpbHjQ5m5NnastJRSYM+PSmfi8TXx4=", string.Join(',', request.Headers.GetValues("Authorization")));
    }
}
