using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BetterTogether.Storage.Tests.Infrastructure;

/// <summary>A pipeline policy that records each request the SDK sends as <c>METHOD /path?query</c>, path relative to the container.</summary>
internal sealed class RequestRecorder(string containerPath) : HttpPipelineSynchronousPolicy
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var path = uri.AbsolutePath.StartsWith(containerPath, StringComparison.Ordinal) ? uri.AbsolutePath[containerPath.Length..] : uri.AbsolutePath;
        Requests.Enqueue($"{message.Request.Method.Method} {path.TrimStart('/')}{uri.Query}");
    }
}
