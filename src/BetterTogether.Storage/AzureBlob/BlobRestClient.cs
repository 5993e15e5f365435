using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Sends Blob REST requests: a fresh request per attempt (built by the caller's factory), the version and date
/// headers, authorization, and the retry pipeline. Turns failures into exceptions that name the URL and status.
/// </summary>
internal sealed class BlobRestClient
{
    private readonly HttpClient _http;
    private readonly BlobCredentials _credentials;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly AzureBlobArtifactStoreOptions _options;

    public BlobRestClient(HttpClient http, AzureBlobArtifactStoreOptions options, ILogger logger)
    {
        _http = http;
        _options = options;
        _credentials = options.Credentials ?? BlobCredentials.Anonymous;
        _pipeline = BlobRetryPipeline.Build(options, logger);
    }

    /// <summary>Sends the request made by <paramref name="createRequest"/>, retrying transient failures; the caller owns the response.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string location, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(BlobRetryPipeline.RequestKey, location);
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var request = state.createRequest();
                    request.Headers.TryAddWithoutValidation("x-ms-version", state.self._options.ApiVersion);
                    request.Headers.TryAddWithoutValidation("x-ms-date", state.self._options.TimeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
                    await state.self._credentials.AuthorizeAsync(request, state.self._options.TimeProvider, ctx.CancellationToken).ConfigureAwait(false);
                    return await state.self._http.SendAsync(request, state.completion, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (self: this, createRequest, completion)).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ArtifactStoreException($"{location} failed after retries: {ex.Message}", location, ex.StatusCode, null, ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new ArtifactStoreException($"{location} timed out after {_options.AttemptTimeout} (after retries).", location, null, null, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Builds the exception for an unexpected answer, reading the error code and a short body excerpt.</summary>
    public static async Task<ArtifactStoreException> FailureAsync(HttpResponseMessage response, string operation, string url, CancellationToken cancellationToken)
    {
        using (response)
        {
            var code = ErrorCode(response);
            string detail;
            try
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                detail = body.Length > 600 ? body[..600] + "…" : body;
            }
            catch (HttpRequestException)
            {
                detail = string.Empty;
            }

            var message = $"{operation} {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
                + (code is null ? string.Empty : $" ({code})")
                + (response.StatusCode == HttpStatusCode.Forbidden ? " - check the credentials, the clock, and the SharedKey signature" : string.Empty)
                + (detail.Length == 0 ? "." : $": {detail}");
            return new ArtifactStoreException(message, url, response.StatusCode, code);
        }
    }

    public static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
}
