using Azure.Core;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// How requests to Blob Storage are authorized: SharedKey (account key; Azurite and development), a SAS token,
/// a Microsoft Entra bearer token from an Azure.Core <see cref="TokenCredential"/> (managed identity in the
/// cloud), or anonymous (public containers).
/// </summary>
public abstract class BlobCredentials
{
    /// <summary>The OAuth scope for Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private protected BlobCredentials()
    {
    }

    /// <summary>No authorization (public-read containers only).</summary>
    public static BlobCredentials Anonymous { get; } = new AnonymousBlobCredentials();

    /// <summary>SharedKey authorization with an account name and its base64 key.</summary>
    /// <exception cref="ArgumentException">The key is not base64.</exception>
    public static BlobCredentials SharedKey(string accountName, string accountKey) => new SharedKeyBlobCredentials(accountName, accountKey);

    /// <summary>A shared access signature (the query string, with or without a leading '?').</summary>
    public static BlobCredentials SharedAccessSignature(string sasToken) => new SasBlobCredentials(sasToken);

    /// <summary>Microsoft Entra bearer tokens for <see cref="StorageScope"/> (e.g. DefaultAzureCredential, ManagedIdentityCredential).</summary>
    public static BlobCredentials Token(TokenCredential credential) => new TokenBlobCredentials(credential);

    /// <summary>True when the credential may be sent over plain HTTP only to a loopback host.</summary>
    internal virtual bool RequiresHttps => false;

    /// <summary>Authorizes <paramref name="request"/> once all its other headers are set.</summary>
    internal abstract ValueTask AuthorizeAsync(HttpRequestMessage request, TimeProvider timeProvider, CancellationToken cancellationToken);

    private sealed class AnonymousBlobCredentials : BlobCredentials
    {
        internal override ValueTask AuthorizeAsync(HttpRequestMessage request, TimeProvider timeProvider, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
