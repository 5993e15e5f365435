namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// A parsed Azure Storage connection string: <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>,
/// <c>AccountKey</c>, <c>BlobEndpoint</c>, <c>EndpointSuffix</c>, <c>SharedAccessSignature</c>, or
/// <c>UseDevelopmentStorage=true</c> (Azurite's well-known <c>devstoreaccount1</c> on
/// <c>http://127.0.0.1:10000/devstoreaccount1</c>).
/// </summary>
public sealed class BlobConnectionString
{
    /// <summary>Azurite's well-known account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known (public) account key.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's default blob endpoint.</summary>
    public static Uri DevelopmentBlobEndpoint { get; } = new("http://127.0.0.1:10000/devstoreaccount1");

    private BlobConnectionString(Uri blobEndpoint, string? accountName, BlobCredentials credentials, bool isDevelopmentStorage)
    {
        BlobEndpoint = blobEndpoint;
        AccountName = accountName;
        Credentials = credentials;
        IsDevelopmentStorage = isDevelopmentStorage;
    }

    /// <summary>The blob service endpoint (path-style for Azurite, host-style in Azure).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The account name, when the string names one.</summary>
    public string? AccountName { get; }

    /// <summary>SharedKey when there is an account key, SAS when there is a signature, else anonymous.</summary>
    public BlobCredentials Credentials { get; }

    /// <summary>True for <c>UseDevelopmentStorage=true</c>.</summary>
    public bool IsDevelopmentStorage { get; }

    /// <summary>True when <paramref name="value"/> looks like a connection string (<c>key=value</c> pairs naming a known key).</summary>
    public static bool LooksLikeConnectionString(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        string[] known = ["UseDevelopmentStorage=", "AccountName=", "BlobEndpoint=", "DefaultEndpointsProtocol=", "SharedAccessSignature="];
        return known.Any(k => value.Contains(k, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Parses <paramref name="connectionString"/>.</summary>
    /// <exception cref="FormatException">The string is malformed or lacks what is needed to reach a blob endpoint; the message says what.</exception>
    public static BlobConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Connection string segment '{Redact(part)}' is not key=value.");
            }

            // Values may contain '=' (base64 keys, SAS tokens): split at the first one only.
            values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (values.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            var endpoint = DevelopmentBlobEndpoint;
            if (values.TryGetValue("DevelopmentStorageProxyUri", out var proxy) && Uri.TryCreate(proxy, UriKind.Absolute, out var proxyUri))
            {
                endpoint = new Uri($"{proxyUri.GetLeftPart(UriPartial.Authority)}:10000/{DevelopmentAccountName}");
            }

            return new(endpoint, DevelopmentAccountName, BlobCredentials.SharedKey(DevelopmentAccountName, DevelopmentAccountKey), true);
        }

        values.TryGetValue("AccountName", out var account);
        Uri blobEndpoint;
        if (values.TryGetValue("BlobEndpoint", out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out blobEndpoint!) || blobEndpoint.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"BlobEndpoint '{explicitEndpoint}' is not an absolute http(s) URL.");
            }
        }
        else if (!string.IsNullOrEmpty(account))
        {
            var protocol = values.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            if (protocol is not ("http" or "https"))
            {
                throw new FormatException($"DefaultEndpointsProtocol '{protocol}' must be http or https.");
            }

            var suffix = values.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            blobEndpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }
        else
        {
            throw new FormatException("The connection string names neither AccountName nor BlobEndpoint (nor UseDevelopmentStorage=true).");
        }

        BlobCredentials credentials;
        if (values.TryGetValue("SharedAccessSignature", out var sas) && !string.IsNullOrWhiteSpace(sas))
        {
            credentials = BlobCredentials.SharedAccessSignature(sas);
        }
        else if (values.TryGetValue("AccountKey", out var key) && !string.IsNullOrWhiteSpace(key))
        {
            if (string.IsNullOrEmpty(account))
            {
                throw new FormatException("The connection string has an AccountKey but no AccountName.");
            }

            try
            {
                credentials = BlobCredentials.SharedKey(account, key);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"The AccountKey of '{account}' is not valid base64.", ex);
            }
        }
        else
        {
            credentials = BlobCredentials.Anonymous;
        }

        return new(blobEndpoint, account, credentials, false);
    }

    private static string Redact(string part) => part.Length <= 12 ? part : part[..12] + "…";
}
