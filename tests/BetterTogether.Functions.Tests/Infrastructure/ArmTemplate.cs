using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BetterTogether.Functions.Tests.Infrastructure;

/// <summary>
/// The ARM template <c>bicep build infra/main.bicep</c> compiles, built once per test run, with the few look-ups the tests
/// need: resources by type, and template expressions that name a parameter or a variable resolved to their values.
/// </summary>
internal sealed partial class ArmTemplate
{
    private static readonly Lazy<Task<ArmTemplate>> Main = new(BuildMainAsync);

    private readonly JsonObject _root;

    private ArmTemplate(JsonObject root)
    {
        _root = root;
        // Symbolic-name templates (languageVersion 2.0) keep resources in an object; classic ones in an array.
        Resources = root["resources"] switch
        {
            JsonArray array => [.. array.Select(r => r!.AsObject())],
            JsonObject named => [.. named.Select(r => r.Value!.AsObject())],
            _ => throw new InvalidOperationException("The template has no resources."),
        };
    }

    public IReadOnlyList<JsonObject> Resources { get; }

    /// <summary>The compiled <c>infra/main.bicep</c>; the build fails the test with bicep's output if it does not compile.</summary>
    public static Task<ArmTemplate> MainAsync() => Main.Value;

    public IEnumerable<JsonObject> OfType(string type)
        => Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
        => Assert.Single(OfType(type));

    /// <summary>The template parameter <paramref name="name"/>.</summary>
    public JsonObject Parameter(string name)
        => _root["parameters"]?[name]?.AsObject() ?? throw new KeyNotFoundException($"The template has no parameter '{name}'.");

    public IReadOnlyList<string> ParameterNames => [.. _root["parameters"]!.AsObject().Select(p => p.Key)];

    /// <summary>The function app's app settings, name to value (a literal or a template expression); a name set twice throws.</summary>
    public IReadOnlyDictionary<string, string> FunctionAppSettings()
        => Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    /// <summary>
    /// The values a template string can take: a literal is itself; <c>[variables('x')]</c> is the variable's value;
    /// <c>[parameters('x')]</c> is each allowed value, or the default when none are listed. Anything else is not resolved.
    /// </summary>
    public IReadOnlyList<string> PossibleValues(string value)
    {
        if (!value.StartsWith('['))
        {
            return [value];
        }

        var match = SimpleReference().Match(value);
        Assert.True(match.Success, $"The test cannot resolve the template expression {value}.");
        var name = match.Groups["name"].Value;
        if (match.Groups["kind"].Value == "variables")
        {
            return PossibleValues((string)_root["variables"]![name]!);
        }

        var parameter = Parameter(name);
        return parameter["allowedValues"] is JsonArray allowed
            ? [.. allowed.Select(v => (string)v!)]
            : [(string)parameter["defaultValue"]!];
    }

    /// <summary>Replaces each <c>variables('x')</c> and <c>variables('x').y.z</c> whose value is a string by that string.</summary>
    public string InlineVariables(string expression)
        => VariableReference().Replace(expression, m =>
        {
            var node = _root["variables"]?[m.Groups["name"].Value];
            foreach (var property in m.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node?[property];
            }

            return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : m.Value;
        });

    private static async Task<ArmTemplate> BuildMainAsync()
    {
        var build = await BicepCli.RunAsync("build", Path.Combine("infra", "main.bicep"), "--stdout");
        Assert.True(build.ExitCode == 0, $"bicep build infra/main.bicep failed: {build.Output}");
        return new ArmTemplate(JsonNode.Parse(build.StandardOutput)!.AsObject());
    }

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>\w+)'\)\]$")]
    private static partial Regex SimpleReference();

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)(?<path>(\.\w+)*)")]
    private static partial Regex VariableReference();
}
