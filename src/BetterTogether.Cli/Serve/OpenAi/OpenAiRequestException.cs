namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>A request the endpoints refuse; carries the HTTP status and the OpenAI error fields to answer with.</summary>
internal sealed class OpenAiRequestException : Exception
{
    public OpenAiRequestException(int statusCode, string message, string type, string? code = null, string? param = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Code = code;
        Param = param;
    }

    public OpenAiRequestException()
        : this(400, "Bad request.", OpenAiErrors.InvalidRequest)
    {
    }

    public OpenAiRequestException(string message)
        : this(400, message, OpenAiErrors.InvalidRequest)
    {
    }

    public OpenAiRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Type = OpenAiErrors.InvalidRequest;
    }

    public int StatusCode { get; }

    public string Type { get; }

    public string? Code { get; }

    public string? Param { get; }

    public static OpenAiRequestException BadRequest(string message, string? param = null) => new(400, message, OpenAiErrors.InvalidRequest, null, param);
}
