namespace BetterTogether.OpenAI.Tests.Fakes;

/// <summary>What the fake server does to one chat request: wait, then answer with an error (Status &gt; 0) or normally (Status 0).</summary>
internal sealed record Fault(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public static Fault Slow(TimeSpan delay) => new(0, Delay: delay);

    public static Fault Error(int status, string message, string type = "server_error", IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = status },
        }.ToJsonString(), headers);
}
