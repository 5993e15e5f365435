using System.Security.Cryptography;
using System.Text;

namespace BetterTogether.Workflow.Orchestration;

/// <summary>Name-based UUIDs (RFC 4122 version 5), as Durable's <c>NewGuid</c> derives them.</summary>
internal static class DeterministicGuid
{
    // A fixed namespace UUID for BetterTogether orchestrations (the URL namespace of RFC 4122, appendix C).
    private static readonly byte[] NamespaceBytes = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8").ToByteArray(bigEndian: true);

    public static Guid Create(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[NamespaceBytes.Length + nameBytes.Length];
        NamespaceBytes.CopyTo(buffer, 0);
        nameBytes.CopyTo(buffer, NamespaceBytes.Length);
#pragma warning disable CA5350 // RFC 4122 version 5 is defined over SHA-1; this is an identifier, not security.
        var hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
