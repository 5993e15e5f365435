using System.Text.Json.Nodes;

namespace BetterTogether.Functions.Tests.Infrastructure;

/// <summary>
/// <c>infra/main.bicep</c> compiles and lints clean with the Bicep CLI from NuGet (so CI checks it with the rest of the
/// tests), and <c>infra/main.parameters.json</c> fits it.
/// </summary>
public sealed class BicepTests
{
    private static readonly string MainBicep = Path.Combine("infra", "main.bicep");

    [Fact]
    public async Task Build_MainBicep_SucceedsWithoutDiagnostics()
    {
        var build = await BicepCli.RunAsync("build", MainBicep, "--stdout");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.True(build.StandardError.Trim().Length == 0, $"bicep build printed diagnostics: {build.Output}");
        Assert.Equal("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", (string?)JsonNode.Parse(build.StandardOutput)!["$schema"]);
    }

    [Fact]
    public async Task Lint_MainBicep_PrintsNoWarningsOrErrors()
    {
        // bicep lint exits 0 on warnings (1 only on errors), so the assertion is on what it prints.
        var lint = await BicepCli.RunAsync("lint", MainBicep);

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.True((lint.StandardOutput + lint.StandardError).Trim().Length == 0, $"bicep lint reported diagnostics: {lint.Output}");
    }

    [Fact]
    public async Task Lint_FileWithAnUnusedParameter_ReportsTheWarning()
    {
        // The check above is only as good as the linter's rules being on: a known warning must show up.
        var folder = Directory.CreateTempSubdirectory("bt-bicep-");
        try
        {
            var file = Path.Combine(folder.FullName, "unused.bicep");
            await File.WriteAllTextAsync(file, "param unused string\n");

            var lint = await BicepCli.RunAsync("lint", file);

            Assert.Contains("no-unused-params", lint.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ParametersFile_SetsOnlyDeclaredParameters_AndEveryRequiredOne()
    {
        var template = await ArmTemplate.MainAsync();
        var file = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.File("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var set = file.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(set.Except(template.ParameterNames));
        var required = template.ParameterNames.Where(name => template.Parameter(name)["defaultValue"] is null);
        Assert.Empty(required.Except(set));
        // Secrets (lmApiKey) are passed on the command line, never committed.
        var secrets = template.ParameterNames.Where(name => (string?)template.Parameter(name)["type"] == "securestring").ToList();
        Assert.Contains("lmApiKey", secrets);
        Assert.Empty(secrets.Intersect(set));
    }
}
