namespace BetterTogether.Storage.AzureBlob;

/// <summary>SAS authorization: the token's query parameters are appended to every request URL.</summary>
internal sealed class SasBlobCredentials : BlobCredentials
{
    private readonly string _token;

    public SasBlobCredentials(string sasToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sasToken);
        _token = sasToken.TrimStart('?');
    }

    internal override ValueTask AuthorizeAsync(HttpRequestMessage request, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        request.RequestUri = new Uri(uri.AbsoluteUri + separator + _token);
        return ValueTask.CompletedTask;
    }
}
