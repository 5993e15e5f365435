using System.Net;
using Azure;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Turns the SDK's failures into the store's typed exceptions. Messages name the operation, the artifact path
/// and its blob URL (no query, so never a SAS; the SDK's messages carry no key either), the status and the
/// service's error code.
/// </summary>
internal static class BlobFailures
{
    /// <summary>A failed request that is not a missing artifact or a failed condition.</summary>
    public static ArtifactStoreException Failed(RequestFailedException error, string operation, string path, string url)
    {
        var status = error.Status == 0 ? "no answer" : $"HTTP {error.Status}";
        var code = string.IsNullOrEmpty(error.ErrorCode) ? string.Empty : $" {error.ErrorCode}";
        var hint = error.Status == (int)HttpStatusCode.Forbidden
            ? " Check the credentials (account key, the SAS's permissions and expiry, or the identity's data role such as Storage Blob Data Contributor) and the clock."
            : string.Empty;
        return new ArtifactStoreException(
            $"{What(operation, path)} at {url} failed: {status}{code}: {FirstLine(error.Message)}.{hint}",
            url,
            error.Status == 0 ? null : (HttpStatusCode)error.Status,
            string.IsNullOrEmpty(error.ErrorCode) ? null : error.ErrorCode,
            error);
    }

    /// <summary>
    /// No usable answer: the SDK gave up after its retries (an <see cref="AggregateException"/> of each attempt's
    /// failure) or, with retries off, its one attempt timed out (an <see cref="OperationCanceledException"/> the
    /// caller did not ask for).
    /// </summary>
    public static ArtifactStoreException NoAnswer(Exception error, string operation, string path, string url)
    {
        var attempts = error is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions : [error];
        var last = attempts[^1];
        var what = last is OperationCanceledException ? "timed out" : FirstLine(last.Message);
        var failed = last as RequestFailedException;
        return new ArtifactStoreException(
            $"{What(operation, path)} at {url} failed after {attempts.Count} attempt(s), the last: {what}.",
            url,
            failed?.Status is > 0 and var status ? (HttpStatusCode)status : null,
            string.IsNullOrEmpty(failed?.ErrorCode) ? null : failed.ErrorCode,
            error);
    }

    /// <summary>The write's condition did not hold: 409 (exists), 412 (ETag changed) or 404 BlobNotFound (If-Match on a missing blob).</summary>
    public static bool IsConditionFailure(RequestFailedException error, WriteCondition condition) =>
        (condition.CreateOnly || condition.IfMatchETag is not null)
        && (error.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed
            || (error.Status == (int)HttpStatusCode.NotFound && error.ErrorCode == "BlobNotFound"));

    public static ArtifactConflictException Conflict(RequestFailedException error, WriteCondition condition, string path, string url)
    {
        var why = condition.CreateOnly ? "it already exists" : $"its ETag is not {condition.IfMatchETag}";
        return new ArtifactConflictException($"Conditional write of '{path}' at {url} failed: {why} (HTTP {error.Status} {error.ErrorCode}).", error);
    }

    private static string What(string operation, string path) => path.Length == 0 ? operation : $"{operation} of '{path}'";

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
