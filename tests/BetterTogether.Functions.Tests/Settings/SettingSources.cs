using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BetterTogether.Functions.Tests.Infrastructure;
using BetterTogether.OpenAI.Configuration;

namespace BetterTogether.Functions.Tests.Settings;

/// <summary>
/// Where app settings are named: by the code (<see cref="AppSettings"/> and the keys <see cref="OpenAIEndpointSettings"/>
/// reads), by <c>local.settings.sample.json</c> (func start), by the function app in <c>infra/main.bicep</c> (Azure), and
/// as <c>%KEY%</c> references in <c>host.json</c> and the <c>functions.metadata</c> the build wrote.
/// </summary>
internal static partial class SettingSources
{
    private static readonly JsonDocumentOptions HostJsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Every key the code reads: <see cref="AppSettings.All"/> plus what <see cref="OpenAIEndpointSettings.FromEnvironment"/>
    /// asks for (recorded by calling it, so a new <c>BT_LM_*</c> key shows up here without a list to update).
    /// </summary>
    public static IReadOnlySet<string> ReadByCode => new HashSet<string>(AppSettings.All.Concat(LmKeys), StringComparer.Ordinal);

    /// <summary>The keys <see cref="OpenAIEndpointSettings.FromEnvironment"/> looks up with the default prefix.</summary>
    public static IReadOnlySet<string> LmKeys
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            OpenAIEndpointSettings.FromEnvironment(name =>
            {
                seen.Add(name);
                return null;
            });
            return seen;
        }
    }

    /// <summary>The <c>Values</c> of <c>local.settings.sample.json</c>.</summary>
    public static IReadOnlyDictionary<string, string> LocalSettings()
    {
        var values = JsonNode.Parse(File.ReadAllText(RepositoryPaths.File("local.settings.sample.json")))!["Values"]!.AsObject();
        return values.ToDictionary(v => v.Key, v => (string)v.Value!, StringComparer.Ordinal);
    }

    /// <summary>The function app's settings in the compiled <c>infra/main.bicep</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> AzureSettingsAsync()
        => (await ArmTemplate.MainAsync()).FunctionAppSettings();

    /// <summary><c>host.json</c>, parsed as leniently as the Functions host reads it.</summary>
    public static JsonNode HostJson()
        => JsonNode.Parse(File.ReadAllText(RepositoryPaths.File("host.json")), documentOptions: HostJsonOptions)!;

    /// <summary>The <c>%KEY%</c> app-setting references in <c>host.json</c>.</summary>
    public static IReadOnlySet<string> HostJsonReferences()
        => References(File.ReadAllText(RepositoryPaths.File("host.json")));

    /// <summary>The <c>%KEY%</c> references in the bindings of <c>functions.metadata</c> (e.g. the timer's schedule).</summary>
    public static IReadOnlySet<string> FunctionMetadataReferences()
    {
        var path = Path.Combine(RepositoryPaths.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/BetterTogether.Functions first.");
        return References(File.ReadAllText(path));
    }

    private static HashSet<string> References(string text)
        => PercentReference().Matches(text).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("%(?<key>[A-Za-z_][A-Za-z0-9_]*)%")]
    private static partial Regex PercentReference();
}
