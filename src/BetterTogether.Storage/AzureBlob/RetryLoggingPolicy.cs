using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Logs each retry the SDK's retry policy makes (it runs per attempt, after the retry policy), so that
/// transient failures show in the application's log and not only in the SDK's event source.
/// </summary>
internal sealed class RetryLoggingPolicy(ILogger logger) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var retry = message.ProcessingContext.RetryNumber;
        if (retry > 0)
        {
            // The URL without its query: a SAS must not reach the log.
            Log.RetryingRequest(logger, message.Request.Method.Method, BlobLocations.WithoutQuery(message.Request.Uri.ToUri()), retry);
        }
    }
}
