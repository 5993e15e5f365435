using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Tests.Fakes;

namespace BetterTogether.OpenAI.Tests.Errors;

public sealed class OpenAIErrorParserTests
{
    [Fact]
    public void Parse_OpenAIShape_ReadsMessageTypeCodeParam()
    {
        var error = OpenAIErrorParser.Parse("""{"error":{"message":"bad temp","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""");

        Assert.Equal(new OpenAIErrorBody("bad temp", "invalid_request_error", "invalid_value", "temperature"), error);
    }

    [Fact]
    public void Parse_VllmTopLevelShape_ReadsMessage()
    {
        var error = OpenAIErrorParser.Parse("""{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404}""");

        Assert.Equal(new OpenAIErrorBody("The model `x` does not exist.", "NotFoundError", "404", null), error);
    }

    [Fact]
    public void Parse_PlainText_KeepsText()
    {
        Assert.Equal("upstream connect error", OpenAIErrorParser.Parse(" upstream connect error \n")!.Message);
        Assert.Null(OpenAIErrorParser.Parse(""));
    }

    [Fact]
    public void ReadRetryAfter_HttpDate_IsTimeUntilDate()
    {
        var clock = new ManualTimeProvider();
        var now = clock.GetUtcNow();
        var date = now.AddSeconds(90).ToString("r", System.Globalization.CultureInfo.InvariantCulture);

        var wait = OpenAIErrorParser.ReadRetryAfter(name => name == "Retry-After" ? date : null, clock);

        Assert.NotNull(wait);
        Assert.InRange(wait.Value.TotalSeconds, 88, 90);
    }

    [Fact]
    public void ReadRetryAfter_MillisecondsHeader_WinsOverSeconds()
    {
        var wait = OpenAIErrorParser.ReadRetryAfter(name => name == "retry-after-ms" ? "250" : "7", TimeProvider.System);

        Assert.Equal(TimeSpan.FromMilliseconds(250), wait);
    }

    [Theory]
    [InlineData(OpenAIEndpointFailure.HttpError, 429, true)]
    [InlineData(OpenAIEndpointFailure.HttpError, 503, true)]
    [InlineData(OpenAIEndpointFailure.HttpError, 408, true)]
    [InlineData(OpenAIEndpointFailure.HttpError, 400, false)]
    [InlineData(OpenAIEndpointFailure.HttpError, 404, false)]
    [InlineData(OpenAIEndpointFailure.Network, null, true)]
    [InlineData(OpenAIEndpointFailure.CircuitOpen, null, false)]
    public void IsTransient_ByFailureAndStatus_MatchesRetryPolicy(OpenAIEndpointFailure failure, int? status, bool expected)
    {
        var error = new OpenAIEndpointException(failure, "POST chat/completions", new Uri("http://h/v1/"), status, null, null, null);

        Assert.Equal(expected, error.IsTransient);
    }
}
