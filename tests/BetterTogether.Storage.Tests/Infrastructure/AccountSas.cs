using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BetterTogether.Storage.Tests.Infrastructure;

/// <summary>Signs an account SAS (blob service, version 2021-12-02 layout) with an account key, as the portal or az CLI would.</summary>
internal static class AccountSas
{
    public static string Create(string accountName, string accountKey, DateTimeOffset expiresOn, string permissions = "rwdlac")
    {
        const string Version = "2021-12-02";
        var expiry = expiresOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var stringToSign = string.Join('\n', accountName, permissions, "b", "sco", string.Empty, expiry, string.Empty, "https,http", Version, string.Empty) + "\n";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accountKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"sv={Version}&ss=b&srt=sco&sp={permissions}&se={Uri.EscapeDataString(expiry)}&spr=https,http&sig={Uri.EscapeDataString(signature)}";
    }
}
