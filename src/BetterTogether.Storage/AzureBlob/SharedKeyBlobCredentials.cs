namespace BetterTogether.Storage.AzureBlob;

/// <summary>SharedKey authorization: <c>Authorization: SharedKey {account}:{HMAC-SHA256 of the string to sign}</c>.</summary>
internal sealed class SharedKeyBlobCredentials : BlobCredentials
{
    private readonly byte[] _key;

    public SharedKeyBlobCredentials(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"The account key of '{accountName}' is not valid base64.", nameof(accountKey), ex);
        }
    }

    public string AccountName { get; }

    internal override ValueTask AuthorizeAsync(HttpRequestMessage request, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var signature = SharedKeySigner.Sign(SharedKeySigner.BuildStringToSign(request, AccountName), _key);
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {AccountName}:{signature}");
        return ValueTask.CompletedTask;
    }
}
