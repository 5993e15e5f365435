using System.Globalization;
using System.Xml.Linq;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>One page of a List Blobs answer (<c>EnumerationResults</c>), with the marker of the next page.</summary>
internal sealed record BlobListPage(IReadOnlyList<ArtifactInfo> Items, string? NextMarker)
{
    public static async Task<BlobListPage> ParseAsync(Stream xml, CancellationToken cancellationToken)
    {
        var document = await XDocument.LoadAsync(xml, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        var root = document.Root ?? throw new FormatException("List Blobs answered an empty XML document.");
        var items = new List<ArtifactInfo>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var name = blob.Element("Name")?.Value ?? throw new FormatException("A listed blob has no Name.");
            var properties = blob.Element("Properties");
            var length = long.Parse(properties?.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture);
            var etag = properties?.Element("Etag")?.Value ?? string.Empty;
            if (etag.Length > 0 && etag[0] != '"')
            {
                // List Blobs gives the ETag unquoted; the blob's own headers quote it. Use the header form everywhere.
                etag = $"\"{etag}\"";
            }

            var modified = DateTimeOffset.Parse(properties?.Element("Last-Modified")?.Value ?? "Mon, 01 Jan 0001 00:00:00 GMT", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in blob.Element("Metadata")?.Elements() ?? [])
            {
                metadata[entry.Name.LocalName] = entry.Value;
            }

            var contentType = properties?.Element("Content-Type")?.Value;
            items.Add(new ArtifactInfo(name, length, etag, modified, metadata) { ContentType = string.IsNullOrEmpty(contentType) ? null : contentType });
        }

        var next = root.Element("NextMarker")?.Value;
        return new BlobListPage(items, string.IsNullOrEmpty(next) ? null : next);
    }
}
