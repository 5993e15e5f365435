using System.Text.RegularExpressions;

namespace BetterTogether.Functions.Tests.Infrastructure;

/// <summary>The compiled <c>infra/main.bicep</c> holds the resources docs/AZURE.md promises, configured as it says.</summary>
public sealed partial class ArmTemplateTests
{
    private const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string StorageAccount = "Microsoft.Storage/storageAccounts";
    private const string Insights = "Microsoft.Insights/components";
    private const string Job = "Microsoft.App/jobs";

    // Azure built-in role definition ids (the same GUIDs everywhere).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";

    [Fact]
    public async Task Template_HasOneUserAssignedIdentity()
    {
        var template = await ArmTemplate.MainAsync();

        template.Single(Identity);
    }

    [Fact]
    public async Task StorageAccount_DisablesSharedKeys_AndNoSettingUsesAKey()
    {
        var template = await ArmTemplate.MainAsync();

        var properties = template.Single(StorageAccount)["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        // With shared keys off, a key anywhere in the app's settings would be a deployment that cannot start.
        var settings = template.FunctionAppSettings();
        Assert.DoesNotContain(settings.Values, value => value.Contains("listKeys", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
    }

    [Fact]
    public async Task FunctionApp_IsDotnetIsolated10_OnAFlexConsumptionPlan_WithTheIdentity()
    {
        var template = await ArmTemplate.MainAsync();

        var plan = template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);

        var app = template.Single("Microsoft.Web/sites");
        Assert.Contains("functionapp", ((string?)app["kind"])!.Split(','));
        Assert.Contains("Microsoft.Web/serverfarms", (string?)app["properties"]!["serverFarmId"], StringComparison.Ordinal);
        var runtime = app["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Contains(Identity, Assert.Single(app["identity"]!["userAssignedIdentities"]!.AsObject()).Key, StringComparison.Ordinal);
        var deployment = app["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;
        Assert.Equal("UserAssignedIdentity", (string?)deployment["type"]);
    }

    [Fact]
    public async Task TrainerJob_RunsOnAServerlessGpuWorkloadProfile()
    {
        var template = await ArmTemplate.MainAsync();

        var job = template.Single(Job);
        var profileName = Assert.Single(template.PossibleValues((string)job["properties"]!["workloadProfileName"]!));
        var environment = template.Single("Microsoft.App/managedEnvironments");
        Assert.Contains("Microsoft.App/managedEnvironments", (string?)job["properties"]!["environmentId"], StringComparison.Ordinal);
        var profile = Assert.Single(
            environment["properties"]!["workloadProfiles"]!.AsArray(),
            p => template.PossibleValues((string)p!["name"]!).Contains(profileName));
        var types = template.PossibleValues((string)profile!["workloadProfileType"]!);
        Assert.NotEmpty(types);
        Assert.All(types, type => Assert.StartsWith("Consumption-GPU-", type, StringComparison.Ordinal));
        Assert.Equal("Manual", (string?)job["properties"]!["configuration"]!["triggerType"]);
        Assert.Contains(Identity, Assert.Single(job["identity"]!["userAssignedIdentities"]!.AsObject()).Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleAssignments_GiveTheIdentityExactlyTheDocumentedRoles()
    {
        var template = await ArmTemplate.MainAsync();

        var granted = new List<string>();
        foreach (var assignment in template.OfType("Microsoft.Authorization/roleAssignments"))
        {
            var properties = assignment["properties"]!;
            Assert.Contains(Identity, (string?)properties["principalId"], StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", (string?)properties["principalType"]);
            var scope = ScopeType().Match((string)assignment["scope"]!);
            Assert.True(scope.Success, $"Unexpected role assignment scope {assignment["scope"]}.");
            // A copy loop over several roles names each of them in one roleDefinitionId expression.
            var roles = RoleGuid().Matches(template.InlineVariables((string)properties["roleDefinitionId"]!));
            Assert.NotEmpty(roles);
            granted.AddRange(roles.Select(role => $"{scope.Groups["type"].Value} {role.Value}"));
        }

        string[] documented =
        [
            $"{StorageAccount} {StorageBlobDataOwner}",
            $"{StorageAccount} {StorageQueueDataContributor}",
            $"{StorageAccount} {StorageTableDataContributor}",
            $"{Insights} {MonitoringMetricsPublisher}",
            $"{Job} {Contributor}",
        ];
        Assert.Equal(documented.Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)'")]
    private static partial Regex ScopeType();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleGuid();
}
