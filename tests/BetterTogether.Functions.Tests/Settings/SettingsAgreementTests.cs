using System.Text.RegularExpressions;
using BetterTogether.Functions.Tests.Infrastructure;
using BetterTogether.OpenAI.Configuration;

namespace BetterTogether.Functions.Tests.Settings;

/// <summary>
/// <c>local.settings.sample.json</c>, <c>host.json</c>, <c>infra/main.bicep</c> and the code name the same app settings:
/// a key the code reads is in both files unless listed below, and neither file sets a key nobody reads.
/// </summary>
public sealed partial class SettingsAgreementTests
{
    /// <summary>
    /// Keys the code reads that belong in one file only, or in neither, and why. Every other key the code reads belongs in
    /// both files; an entry that stops being true fails the test too, so this list cannot go stale.
    /// </summary>
    private static readonly Dictionary<string, Placement> OneSided = new(StringComparer.Ordinal)
    {
        // BT_FINETUNER=process (func start) runs bt-trainer from a local build.
        [AppSettings.TrainerPath] = Placement.LocalOnly,

        // BT_FINETUNER=containerapps: the GPU job, its image and size exist only in Azure.
        [AppSettings.TrainerJobResourceId] = Placement.AzureOnly,
        [AppSettings.TrainerImage] = Placement.AzureOnly,
        [AppSettings.TrainerCpu] = Placement.AzureOnly,
        [AppSettings.TrainerMemory] = Placement.AzureOnly,

        // The user-assigned identity; locally DefaultAzureCredential uses the developer's own sign-in.
        [AppSettings.AzureClientId] = Placement.AzureOnly,

        // Optional BT_LM_* keys with working defaults (docs/OPENAI-ENDPOINTS.md): the Azure OpenAI deployment falls back
        // to BT_LM_MODEL, the resilience knobs to the client's defaults. Set them by hand when needed.
        ["BT_LM_DEPLOYMENT"] = Placement.Neither,
        ["BT_LM_MAX_CONCURRENCY"] = Placement.Neither,
        ["BT_LM_MAX_RETRIES"] = Placement.Neither,
        ["BT_LM_ATTEMPT_TIMEOUT_S"] = Placement.Neither,
        ["BT_LM_TOTAL_TIMEOUT_S"] = Placement.Neither,
    };

    /// <summary>The Functions host's own settings: the files set them, our code does not read them.</summary>
    private static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage",
        "FUNCTIONS_WORKER_RUNTIME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    private enum Placement
    {
        Both,
        LocalOnly,
        AzureOnly,
        Neither,
    }

    [Fact]
    public async Task RequiredSettings_AreInLocalSettingsAndInBicep()
    {
        var local = SettingSources.LocalSettings();
        var azure = await SettingSources.AzureSettingsAsync();

        Assert.All(AppSettings.Required, key => Assert.True(local.ContainsKey(key), $"{key} is required but not in local.settings.sample.json."));
        Assert.All(AppSettings.Required, key => Assert.True(azure.ContainsKey(key), $"{key} is required but not in infra/main.bicep."));
    }

    [Fact]
    public async Task EverySettingTheCodeReads_IsInTheFilesItBelongsIn()
    {
        var local = SettingSources.LocalSettings();
        var azure = await SettingSources.AzureSettingsAsync();

        var wrong = SettingSources.ReadByCode
            .Select(key => (Key: key, Expected: OneSided.GetValueOrDefault(key, Placement.Both), Actual: PlacementOf(local.ContainsKey(key), azure.ContainsKey(key))))
            .Where(k => k.Expected != k.Actual)
            .Select(k => $"{k.Key}: expected {k.Expected}, is {k.Actual}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(wrong.Count == 0, "Settings in the wrong files (local.settings.sample.json, infra/main.bicep):\n" + string.Join('\n', wrong));
        Assert.Empty(OneSided.Keys.Except(SettingSources.ReadByCode));
    }

    [Fact]
    public async Task EverySettingInTheFiles_IsReadByTheCodeOrTheHost()
    {
        var local = SettingSources.LocalSettings();
        var azure = await SettingSources.AzureSettingsAsync();

        var unread = local.Keys.Where(key => !IsKnown(key)).Select(key => $"local.settings.sample.json: {key}")
            .Concat(azure.Keys.Where(key => !IsKnown(key)).Select(key => $"infra/main.bicep: {key}"))
            .ToList();
        Assert.True(unread.Count == 0, "Settings nothing reads:\n" + string.Join('\n', unread));
    }

    [Fact]
    public async Task PercentReferences_InHostJsonAndFunctionMetadata_AreCodeSettingsInBothFiles()
    {
        var local = SettingSources.LocalSettings();
        var azure = await SettingSources.AzureSettingsAsync();
        var hostJson = SettingSources.HostJsonReferences();
        var metadata = SettingSources.FunctionMetadataReferences();

        Assert.Equal("%" + AppSettings.TaskHub + "%", (string?)SettingSources.HostJson()["extensions"]!["durableTask"]!["hubName"]);
        Assert.Contains(AppSettings.ScheduleTick, metadata);
        foreach (var key in hostJson.Concat(metadata))
        {
            Assert.Contains(key, AppSettings.All);
            Assert.True(local.ContainsKey(key), $"%{key}% is not set in local.settings.sample.json.");
            Assert.True(azure.ContainsKey(key), $"%{key}% is not set in infra/main.bicep.");
        }
    }

    [Fact]
    public async Task DurableStorageConnection_IsSetInBothFiles()
    {
        var local = SettingSources.LocalSettings();
        var azure = await SettingSources.AzureSettingsAsync();
        var storage = SettingSources.HostJson()["extensions"]!["durableTask"]!["storageProvider"]!;

        Assert.Equal("AzureStorage", (string?)storage["type"]);
        var connection = (string?)storage["connectionName"] ?? "AzureWebJobsStorage";
        Assert.Equal("UseDevelopmentStorage=true", local[connection]);
        // In Azure the connection is identity-based: CONNECTION__accountName, __credential, __clientId.
        Assert.Contains(connection + "__accountName", azure.Keys);
        Assert.Equal("managedidentity", azure[connection + "__credential"]);
    }

    [Fact]
    public async Task FineTuner_IsTheLocalProcessForFuncStart_AndTheGpuJobInAzure()
    {
        var local = SettingSources.LocalSettings();
        var azure = await SettingSources.AzureSettingsAsync();

        Assert.Equal("process", local[AppSettings.FineTuner]);
        Assert.Equal("containerapps", azure[AppSettings.FineTuner]);
        Assert.Equal("dotnet-isolated", local["FUNCTIONS_WORKER_RUNTIME"]);
        // Flex Consumption takes the runtime from functionAppConfig and rejects FUNCTIONS_WORKER_RUNTIME as an app setting.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", azure.Keys);
    }

    [Fact]
    public async Task TaskHubAndScheduleTick_HaveValidValuesInBothFiles()
    {
        var local = SettingSources.LocalSettings();
        var template = await ArmTemplate.MainAsync();
        var azure = template.FunctionAppSettings();

        foreach (var hub in template.PossibleValues(azure[AppSettings.TaskHub]).Append(local[AppSettings.TaskHub]))
        {
            Assert.Matches(TaskHubName(), hub);
        }

        foreach (var tick in template.PossibleValues(azure[AppSettings.ScheduleTick]).Append(local[AppSettings.ScheduleTick]))
        {
            // The timer trigger's NCRONTAB has six fields (seconds first).
            Assert.Equal(6, tick.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public void AppSettingsConstants_NameTheKeysTheLmSettingsRead()
    {
        var lm = SettingSources.LmKeys;

        Assert.Contains(AppSettings.LmEndpoint, lm);
        Assert.Empty(AppSettings.All.Where(key => key.StartsWith(OpenAIEndpointSettings.DefaultEnvironmentPrefix, StringComparison.Ordinal)).Except(lm));
        Assert.Empty(AppSettings.Required.Except(AppSettings.All));
    }

    private static Placement PlacementOf(bool local, bool azure) => (local, azure) switch
    {
        (true, true) => Placement.Both,
        (true, false) => Placement.LocalOnly,
        (false, true) => Placement.AzureOnly,
        _ => Placement.Neither,
    };

    private static bool IsKnown(string key)
        => SettingSources.ReadByCode.Contains(key)
           || HostSettings.Contains(key)
           || key.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal);

    // Durable's Azure Storage provider: letters and digits, starting with a letter, 3 to 45 characters.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubName();
}
