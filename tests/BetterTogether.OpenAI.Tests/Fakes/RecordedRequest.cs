using System.Text.Json;

namespace BetterTogether.OpenAI.Tests.Fakes;

/// <summary>One request the fake server received.</summary>
internal sealed record RecordedRequest(string Path, JsonElement Body, string? Authorization, string? ApiKeyHeader);
