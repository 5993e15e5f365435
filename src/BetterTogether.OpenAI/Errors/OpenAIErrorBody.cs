namespace BetterTogether.OpenAI.Errors;

/// <summary>The OpenAI error JSON a server returned: <c>{"error":{"message","type","param","code"}}</c>.</summary>
/// <param name="Message">The human-readable message.</param>
/// <param name="Type">The error type, e.g. <c>invalid_request_error</c>.</param>
/// <param name="Code">The error code as the server sent it (a string or a number), if any.</param>
/// <param name="Param">The offending parameter, if any.</param>
public sealed record OpenAIErrorBody(string? Message, string? Type, string? Code, string? Param);
