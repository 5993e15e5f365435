using System.Net;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// URL rules of the blob store: container names, splitting a service or container URL (host-style
/// <c>acct.blob.core.windows.net/container</c> or path-style <c>127.0.0.1:10000/account/container</c>), and
/// blob URLs for messages, always without the query so that a SAS never reaches a log or an exception.
/// </summary>
internal static class BlobLocations
{
    /// <summary>Throws unless <paramref name="name"/> is a valid container name.</summary>
    /// <exception cref="ArgumentException">The name breaks Azure's container naming rules.</exception>
    public static void ValidateContainerName(string name)
    {
        var valid = name is { Length: >= 3 and <= 63 }
            && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!valid)
        {
            throw new ArgumentException($"Invalid container name '{name}': use 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit.", nameof(name));
        }
    }

    /// <summary>Splits <paramref name="url"/> into the service endpoint and the container it names, if any (the query is dropped).</summary>
    public static (Uri Service, string? Container) Split(Uri url)
    {
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // Emulators and private endpoints by IP carry the account as the first path segment.
        var accountSegments = url.IsLoopback || IPAddress.TryParse(url.Host, out _) ? 1 : 0;
        var service = new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty, Path = string.Join('/', segments.Take(accountSegments)) }.Uri;
        return (service, segments.Length > accountSegments ? Uri.UnescapeDataString(segments[accountSegments]) : null);
    }

    /// <summary>The container URL of <paramref name="service"/> and <paramref name="container"/>.</summary>
    public static Uri Container(Uri service, string container) => new($"{WithoutQuery(service)}/{container}");

    /// <summary><paramref name="url"/> without query and trailing '/'.</summary>
    public static string WithoutQuery(Uri url) => url.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The URL of <paramref name="path"/> in <paramref name="containerUrl"/>, each segment escaped.</summary>
    public static string Blob(string containerUrl, string path) =>
        $"{containerUrl}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
}
