using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Adapters;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.OpenAI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Tests.Configuration;

public sealed class OpenAIChatClientFactoryTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "hi")];

    [Fact]
    public void FromEnvironment_AllVariables_ReadsSettings()
    {
        var variables = new Dictionary<string, string>
        {
            ["BT_LM_KIND"] = "azure",
            ["BT_LM_ENDPOINT"] = "https://myres.openai.azure.com",
            ["BT_LM_API_KEY"] = "entra",
            ["BT_LM_DEPLOYMENT"] = "gpt-4o-mini-prod",
            ["BT_LM_MAX_CONCURRENCY"] = "4",
            ["BT_LM_MAX_RETRIES"] = "3",
            ["BT_LM_ATTEMPT_TIMEOUT_S"] = "30",
            ["BT_LM_TOTAL_TIMEOUT_S"] = "120.5",
        };

        var settings = OpenAIEndpointSettings.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal(OpenAIEndpointKind.AzureOpenAI, settings.Kind);
        Assert.True(settings.UsesEntra);
        Assert.Equal("gpt-4o-mini-prod", settings.EffectiveModel);
        Assert.Equal(4, settings.MaxConcurrentRequests);
        Assert.Equal(3, settings.MaxRetries);
        Assert.Equal(30, settings.AttemptTimeoutSeconds);
        Assert.Equal(120.5, settings.TotalTimeoutSeconds);
    }

    [Fact]
    public void FromEnvironment_BadNumber_ThrowsNamingVariable()
    {
        var error = Assert.Throws<FormatException>(() => OpenAIEndpointSettings.FromEnvironment(name => name == "BT_LM_MAX_RETRIES" ? "many" : null));

        Assert.Contains("BT_LM_MAX_RETRIES", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpenAIEndpointKind.AzureOpenAI, "https://r.openai.azure.com", "https://r.openai.azure.com/openai/v1/")]
    [InlineData(OpenAIEndpointKind.AzureOpenAI, "https://r.openai.azure.com/openai/v1", "https://r.openai.azure.com/openai/v1/")]
    [InlineData(OpenAIEndpointKind.AzureOpenAI, "https://r.openai.azure.com/openai/", "https://r.openai.azure.com/openai/v1/")]
    [InlineData(OpenAIEndpointKind.Vllm, "http://gpu:8000", "http://gpu:8000/v1/")]
    [InlineData(OpenAIEndpointKind.Vllm, "http://gpu:8000/v1/", "http://gpu:8000/v1/")]
    [InlineData(OpenAIEndpointKind.OpenAICompatible, "http://localhost:11434/v1", "http://localhost:11434/v1/")]
    public void NormalizeEndpoint_ByKind_GivesChatBaseUrl(OpenAIEndpointKind kind, string given, string expected)
    {
        Assert.Equal(new Uri(expected), OpenAIChatClientFactory.NormalizeEndpoint(kind, new Uri(given)));
    }

    [Fact]
    public void CreateOptions_EntraWithoutCredential_ThrowsClearError()
    {
        var settings = new OpenAIEndpointSettings { Kind = OpenAIEndpointKind.AzureOpenAI, Endpoint = "https://r.openai.azure.com", ApiKey = "entra", Deployment = "d" };

        var error = Assert.Throws<ArgumentException>(() => OpenAIChatClientFactory.CreateOptions(settings));

        Assert.Contains("TokenCredential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateOptions_MissingModel_ThrowsNamingSetting()
    {
        var settings = new OpenAIEndpointSettings { Kind = OpenAIEndpointKind.Vllm, Endpoint = "http://gpu:8000" };

        var error = Assert.Throws<ArgumentException>(() => OpenAIChatClientFactory.CreateOptions(settings));

        Assert.Equal(nameof(OpenAIEndpointSettings.Model), error.ParamName);
    }

    [Fact]
    public void CreateOptions_AzureKey_UsesApiKeyHeaderAndDeploymentAsModel()
    {
        var settings = new OpenAIEndpointSettings { Kind = OpenAIEndpointKind.AzureOpenAI, Endpoint = "https://r.openai.azure.com", ApiKey = "k", Deployment = "dep", MaxRetries = 2 };

        var options = OpenAIChatClientFactory.CreateOptions(settings);

        Assert.Equal("api-key", options.ApiKeyHeaderName);
        Assert.Equal("dep", options.DefaultModelId);
        Assert.Equal(2, options.Resilience.MaxRetries);
        Assert.Equal(new Uri("https://r.openai.azure.com/openai/v1/"), options.Endpoint);
    }

    [Fact]
    public async Task Create_VllmSettings_LoadsAdapterAndServesItByName()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var settings = OpenAIEndpointSettings.FromEnvironment(name => name switch
        {
            "BT_LM_KIND" => "vllm",
            "BT_LM_ENDPOINT" => server.Root.AbsoluteUri,
            "BT_LM_MODEL" => server.BaseModel,
            _ => null,
        });
        using var client = OpenAIChatClientFactory.Create(settings, configureResilience: r => r.BaseDelay = TimeSpan.FromMilliseconds(1));
        var lm = new LanguageModel(client, server.BaseModel, new AdapterReference("w1", "/adapters/w1"));

        var response = await client.GetResponseAsync(Question, lm.CreateOptions());

        Assert.Equal("echo w1: hi", response.Text);
        Assert.Equal(1, server.LoadCalls);
        Assert.IsType<VllmAdapterLoader>(client.GetService<IAdapterServingClient>());
    }

    [Fact]
    public async Task Create_AzureSettingsWithKey_SendsApiKeyHeaderToOpenAIV1Path()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.RequiredApiKey = "azure-secret";
        var settings = new OpenAIEndpointSettings
        {
            Kind = OpenAIEndpointKind.AzureOpenAI,
            Endpoint = server.Root.AbsoluteUri,
            ApiKey = "azure-secret",
            Deployment = server.BaseModel,
        };
        using var client = OpenAIChatClientFactory.Create(settings);

        var response = await client.GetResponseAsync(Question);

        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal("azure-secret", request.ApiKeyHeader);
        Assert.Equal(server.BaseModel, response.ModelId);
    }
}
