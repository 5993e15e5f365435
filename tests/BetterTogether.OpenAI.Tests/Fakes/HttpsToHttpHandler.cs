namespace BetterTogether.OpenAI.Tests.Fakes;

/// <summary>
/// Lets a client configured for an https endpoint (as Entra bearer tokens require) reach the plain-http loopback
/// fake server: rewrites the scheme just before the request leaves.
/// </summary>
internal sealed class HttpsToHttpHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttp }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
