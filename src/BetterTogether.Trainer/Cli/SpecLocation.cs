using System.Net;

namespace BetterTogether.Trainer.Cli;

/// <summary>Where the spec is: a store (as an <c>ArtifactStores.Open</c> spec and container) and a path in it.</summary>
/// <param name="Store">The store spec.</param>
/// <param name="Container">The blob container (null: the store's default).</param>
/// <param name="Path">The spec's path in the store.</param>
public sealed record SpecLocation(string Store, string? Container, string Path)
{
    /// <summary>
    /// Resolves <c>--spec</c>: a blob URL (<c>https://acct.blob.core.windows.net/{container}/{path}[?sas]</c>, or
    /// path-style <c>http://127.0.0.1:10000/{account}/{container}/{path}</c>) names its own container; a plain path
    /// needs <paramref name="store"/>. An explicit <paramref name="store"/> wins for a URL too (its credentials are kept).
    /// </summary>
    /// <param name="spec">The <c>--spec</c> value.</param>
    /// <param name="store">The <c>--store</c> value, if any.</param>
    /// <param name="container">The <c>--container</c> value, if any.</param>
    /// <returns>The location.</returns>
    /// <exception cref="ArgumentException">A plain path is given without a store, or the URL names no blob.</exception>
    public static SpecLocation Resolve(string spec, string? store, string? container)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (!Uri.TryCreate(spec, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return string.IsNullOrWhiteSpace(store)
                ? throw new ArgumentException($"Spec '{spec}' is a store path but no store is given: pass --store or set BT_ARTIFACTS.", nameof(store))
                : new SpecLocation(store, container, spec.TrimStart('/'));
        }

        var segments = url.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var accountSegments = url.IsLoopback || IPAddress.TryParse(url.Host, out _) ? 1 : 0;
        if (segments.Length < accountSegments + 2)
        {
            throw new ArgumentException($"Spec URL '{url.GetLeftPart(UriPartial.Path)}' names no container and blob.", nameof(spec));
        }

        var blobContainer = segments[accountSegments];
        var path = string.Join('/', segments.Skip(accountSegments + 1));
        if (!string.IsNullOrWhiteSpace(store))
        {
            return new SpecLocation(store, blobContainer, path);
        }

        var containerUrl = new UriBuilder(url) { Path = string.Join('/', segments.Take(accountSegments + 1)) }.Uri.ToString();
        return new SpecLocation(containerUrl, blobContainer, path);
    }
}
