using Azure.Core;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>Bearer authorization with Microsoft Entra tokens, cached until shortly before they expire.</summary>
internal sealed class TokenBlobCredentials : BlobCredentials
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly TokenCredential _credential;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken _token;

    public TokenBlobCredentials(TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _credential = credential;
    }

    internal override bool RequiresHttps => true;

    internal override async ValueTask AuthorizeAsync(HttpRequestMessage request, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var token = _token;
        if (NeedsRefresh(token, timeProvider))
        {
            await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (NeedsRefresh(_token, timeProvider))
                {
                    _token = await _credential.GetTokenAsync(new TokenRequestContext([StorageScope]), cancellationToken).ConfigureAwait(false);
                }

                token = _token;
            }
            finally
            {
                _refresh.Release();
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token.Token}");
    }

    private static bool NeedsRefresh(AccessToken token, TimeProvider timeProvider) =>
        string.IsNullOrEmpty(token.Token) || token.ExpiresOn - RefreshMargin <= timeProvider.GetUtcNow();
}
