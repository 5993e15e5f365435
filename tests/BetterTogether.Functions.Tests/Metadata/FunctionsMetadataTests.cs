using System.Reflection;
using System.Text.Json;
using BetterTogether.Api;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Functions.Tests.Metadata;

/// <summary>The functions.metadata the SDK wrote at build time: what the Functions host will index.</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<IReadOnlyList<FunctionEntry>> Functions = new(Load);

    [Fact]
    public void Orchestrator_HasAnOrchestrationTrigger()
    {
        var function = Single(OptimizationActivityNames.Orchestration);
        Assert.Equal("orchestrationTrigger", Assert.Single(function.Bindings).Type);
        Assert.Equal("In", function.Bindings[0].Direction);
    }

    [Fact]
    public void EveryActivity_IsItsOwnFunction_WithAnActivityTrigger()
    {
        var names = typeof(OptimizationActivityNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(OptimizationActivityNames.Orchestration))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.Equal(9, names.Count);
        foreach (var name in names)
        {
            var trigger = Assert.Single(Single(name).Bindings);
            Assert.Equal("activityTrigger", trigger.Type);
        }
    }

    [Fact]
    public void HttpFunctions_ServeExactlyTheRoutesBtServeMaps()
    {
        var functions = Functions.Value
            .Where(f => f.Bindings.Any(b => b.Type == "httpTrigger"))
            .ToList();
        foreach (var function in functions)
        {
            var trigger = function.Bindings.Single(b => b.Type == "httpTrigger");
            Assert.Equal("Function", trigger.AuthLevel, ignoreCase: true);
            Assert.Contains(function.Bindings, b => b.Type == "http" && b.Direction == "Out");
        }

        var fromFunctions = functions
            .SelectMany(f => f.Bindings.Single(b => b.Type == "httpTrigger").Methods!.Select(m => $"{m.ToUpperInvariant()} /{ApiRoutes.Prefix}/{f.Bindings.Single(b => b.Type == "httpTrigger").Route}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(BtServeRoutes(), fromFunctions);
        Assert.Equal(13, fromFunctions.Count);
    }

    [Fact]
    public void RunFunctions_BindTheDurableClient()
    {
        foreach (var name in new[] { "StartRun", "ListRuns", "GetRun", "PurgeRun", "TerminateRun", "SuspendRun", "ResumeRun", "RaiseRunEvent", "ScheduleTick" })
        {
            Assert.Contains(Single(name).Bindings, b => b.Type == "durableClient");
        }
    }

    [Fact]
    public void ScheduleTick_IsATimerOnTheScheduleSetting()
    {
        var timer = Single("ScheduleTick").Bindings.Single(b => b.Type == "timerTrigger");
        Assert.Equal("%" + AppSettings.ScheduleTick + "%", timer.Schedule);
    }

    [Fact]
    public void EveryFunction_IsListedOnce()
    {
        var names = Functions.Value.Select(f => f.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(1 + 9 + 13 + 1, names.Count);
    }

    /// <summary>bt serve's routes: the shared API mapped on a real ASP.NET Core app, read back from its endpoint data source.</summary>
    private static List<string> BtServeRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();
        app.MapBetterTogetherApi(_ => throw new InvalidOperationException("not called"));
        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return routes;
    }

    private static FunctionEntry Single(string name)
        => Assert.Single(Functions.Value, f => f.Name == name);

    private static IReadOnlyList<FunctionEntry> Load()
    {
        var path = Path.Combine(RepositoryPaths.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/BetterTogether.Functions first.");
        return JsonSerializer.Deserialize<List<FunctionEntry>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private sealed record FunctionEntry(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<BindingEntry> Bindings);

    private sealed record BindingEntry(string Name, string Type, string Direction, string? Route, IReadOnlyList<string>? Methods, string? AuthLevel, string? Schedule);
}
