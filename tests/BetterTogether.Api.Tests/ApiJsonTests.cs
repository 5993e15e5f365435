using System.Text;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Api.Tests;

public sealed class ApiJsonTests
{
    [Theory]
    [InlineData("{\"task\":\"iris\",\"stratgy\":\"p\"}", "stratgy")]
    [InlineData("{\"task\":\"iris\",\"fineTune\":{\"rnak\":4}}", "fineTune.rnak")]
    [InlineData("{\"task\":\"iris\",\"numCandidates\":\"four\"}", "numCandidates")]
    [InlineData("{\"task\":\"iris\",\"fineTune\":{\"rank\":\"x\"}}", "fineTune.rank")]
    public async Task ReadBody_BadField_400NamingIt(string body, string field)
    {
        var (value, error) = await ApiJson.ReadBodyAsync<OptimizationRunRequest>(Request(body), "run request");
        Assert.Null(value);
        var (status, problem) = await ExecuteAsync(error!);
        Assert.Equal(400, status);
        Assert.Contains($"\"field\":\"{field}\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBody_Valid_ReadsIt()
    {
        var (value, error) = await ApiJson.ReadBodyAsync<OptimizationRunRequest>(Request("{\"task\":\"iris\",\"strategy\":\"p -> w\",\"fineTune\":{\"rank\":4}}"), "run request");
        Assert.Null(error);
        Assert.Equal("iris", value!.Task);
        Assert.Equal(4, value.FineTune.Rank);
    }

    [Fact]
    public async Task ReadBody_OverTheLimit_413_WithOrWithoutContentLength()
    {
        var body = new string('x', ApiJson.MaxBodyBytes + 1);
        var (_, declared) = await ApiJson.ReadBodyAsync<OptimizationRunRequest>(Request(body), "run request");
        Assert.Equal(413, (await ExecuteAsync(declared!)).Status);

        var chunked = Request(body);
        chunked.ContentLength = null;
        var (_, streamed) = await ApiJson.ReadBodyAsync<OptimizationRunRequest>(chunked, "run request");
        Assert.Equal(413, (await ExecuteAsync(streamed!)).Status);
    }

    private static HttpRequest Request(string body)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }

    private static async Task<(int Status, string Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }
}
