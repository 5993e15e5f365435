using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security;
using System.Text;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Block upload of one blob: reads the content in blocks of a fixed size into one pooled buffer and stages each
/// with Put Block (retried alone). Blocks stay invisible until Put Block List commits them, so a cancelled or
/// failed upload leaves nothing readable behind (Azure drops uncommitted blocks after a week).
/// </summary>
internal sealed class BlobUpload(BlobRestClient client, string url, int blockSize)
{
    private readonly string _uploadId = Guid.NewGuid().ToString("N");

    public async Task<(IReadOnlyList<string> BlockIds, long Total)> StageAsync(ReadOnlyMemory<byte> head, Stream rest, int maxConcurrency, CancellationToken cancellationToken)
    {
        // Up to maxConcurrency blocks are in flight, each in its own pooled buffer; the first failure cancels the rest.
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ids = new List<string>();
        var running = new List<Task>();
        long total = 0;
        try
        {
            var ended = false;
            while (!ended)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                int fill;
                try
                {
                    fill = Math.Min(blockSize, head.Length);
                    head[..fill].CopyTo(buffer);
                    head = head[fill..];
                    if (fill < blockSize)
                    {
                        fill += await ReadFullyAsync(rest, buffer.AsMemory(fill, blockSize - fill), failure.Token).ConfigureAwait(false);
                        ended = fill < blockSize;
                    }
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                if (fill == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                var id = BlockId(ids.Count);
                running.Add(PutBlockAsync(ids.Count, id, buffer, fill, failure.Token));
                ids.Add(id);
                total += fill;
                if (running.Count >= maxConcurrency)
                {
                    var done = await Task.WhenAny(running).ConfigureAwait(false);
                    running.Remove(done);
                    await done.ConfigureAwait(false);
                }
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch
        {
            await failure.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        return (ids, total);
    }

    public static async Task<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public static void AddWriteHeaders(HttpRequestMessage request, string? contentType, IReadOnlyDictionary<string, string> metadata, WriteCondition condition)
    {
        if (!string.IsNullOrEmpty(contentType))
        {
            request.Headers.TryAddWithoutValidation("x-ms-blob-content-type", contentType);
        }

        foreach (var (key, value) in metadata)
        {
            request.Headers.TryAddWithoutValidation($"x-ms-meta-{key}", value);
        }

        if (condition.CreateOnly)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        if (condition.IfMatchETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
    }

    public static HttpContent BlockListContent(IReadOnlyList<string> blockIds)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(SecurityElement.Escape(id)).Append("</Latest>");
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml.Append("</BlockList>").ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return content;
    }

    private string BlockId(int index) =>
        // Block ids must have one length within a blob; the upload id keeps concurrent uploads' blocks apart.
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_uploadId}-{index.ToString("D6", CultureInfo.InvariantCulture)}"));

    private async Task PutBlockAsync(int index, string id, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            var blockUrl = $"{url}?comp=block&blockid={Uri.EscapeDataString(id)}";
            using var response = await client.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Put, blockUrl) { Content = new ByteArrayContent(buffer, 0, length) },
                $"Put Block {url}",
                HttpCompletionOption.ResponseContentRead,
                cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await BlobRestClient.FailureAsync(response, $"Put Block {index}", url, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
