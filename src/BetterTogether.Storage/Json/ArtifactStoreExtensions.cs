using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BetterTogether.Storage;

/// <summary>JSON, text and byte helpers over <see cref="IArtifactStore"/>.</summary>
public static class ArtifactStoreExtensions
{
    private const string JsonContentType = "application/json";
    private const string TextContentType = "text/plain; charset=utf-8";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Serializes <paramref name="value"/> as JSON and stores it (content type <c>application/json</c> unless set).</summary>
    public static async Task<ArtifactInfo> PutJsonAsync<T>(this IArtifactStore store, string path, T value, JsonSerializerOptions? jsonOptions = null, ArtifactWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, jsonOptions);
        return await store.PutBytesAsync(path, bytes, WithType(writeOptions, JsonContentType), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Serializes <paramref name="value"/> with source-generated <paramref name="typeInfo"/> and stores it.</summary>
    public static async Task<ArtifactInfo> PutJsonAsync<T>(this IArtifactStore store, string path, T value, JsonTypeInfo<T> typeInfo, ArtifactWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return await store.PutBytesAsync(path, bytes, WithType(writeOptions, JsonContentType), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and deserializes a JSON artifact.</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing is stored at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The artifact is not valid JSON for <typeparamref name="T"/>, or is JSON null.</exception>
    public static async Task<T> ReadJsonAsync<T>(this IArtifactStore store, string path, JsonSerializerOptions? jsonOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var value = await JsonSerializer.DeserializeAsync<T>(stream, jsonOptions, cancellationToken).ConfigureAwait(false);
                return value ?? throw new InvalidDataException($"Artifact '{path}' ({store.DescribeLocation(path)}) holds JSON null, not a {typeof(T).Name}.");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"Artifact '{path}' ({store.DescribeLocation(path)}) is not valid JSON for {typeof(T).Name}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Reads and deserializes a JSON artifact, or returns default when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The artifact exists but is not valid JSON for <typeparamref name="T"/>.</exception>
    public static async Task<T?> TryReadJsonAsync<T>(this IArtifactStore store, string path, JsonSerializerOptions? jsonOptions = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.ReadJsonAsync<T>(path, jsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactNotFoundException)
        {
            return default;
        }
    }

    /// <summary>Stores <paramref name="text"/> as UTF-8 (no BOM).</summary>
    public static Task<ArtifactInfo> PutTextAsync(this IArtifactStore store, string path, string text, ArtifactWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(text);
        return store.PutBytesAsync(path, Utf8.GetBytes(text), WithType(writeOptions, TextContentType), cancellationToken);
    }

    /// <summary>Reads a UTF-8 text artifact.</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing is stored at <paramref name="path"/>.</exception>
    public static async Task<string> ReadTextAsync(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        var bytes = await store.ReadBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"Artifact '{path}' ({store.DescribeLocation(path)}) is not valid UTF-8.", ex);
        }
    }

    /// <summary>Reads a UTF-8 text artifact, or null when it does not exist.</summary>
    public static async Task<string?> TryReadTextAsync(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="bytes"/>.</summary>
    public static async Task<ArtifactInfo> PutBytesAsync(this IArtifactStore store, string path, ReadOnlyMemory<byte> bytes, ArtifactWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        await using (stream.ConfigureAwait(false))
        {
            return await store.PutAsync(path, stream, writeOptions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a whole artifact into memory.</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing is stored at <paramref name="path"/>.</exception>
    public static async Task<byte[]> ReadBytesAsync(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    /// <summary>True when an artifact exists at <paramref name="path"/>.</summary>
    public static async Task<bool> ExistsAsync(this IArtifactStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetInfoAsync(path, cancellationToken).ConfigureAwait(false) is not null;
    }

    private static ArtifactWriteOptions WithType(ArtifactWriteOptions? options, string contentType) =>
        options is null ? new ArtifactWriteOptions { ContentType = contentType }
        : options.ContentType is null ? options with { ContentType = contentType }
        : options;
}
