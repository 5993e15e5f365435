using System.Globalization;

namespace BetterTogether.TrainingJobs.ContainerApps;

/// <summary>Settings of <see cref="ContainerAppsJobDispatcher"/>: which job, which image, which resources.</summary>
public sealed record ContainerAppsJobOptions
{
    /// <summary>The ARM API version the requests use.</summary>
    public const string DefaultApiVersion = "2024-03-01";

    /// <summary>The Azure subscription id.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The resource group of the job.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>The Container Apps job name.</summary>
    public required string JobName { get; init; }

    /// <summary>The trainer image (a start template replaces the containers, so it is always sent).</summary>
    public required string Image { get; init; }

    /// <summary>The container name in the template.</summary>
    public string ContainerName { get; init; } = "trainer";

    /// <summary>vCPUs per replica (must fit the job's workload profile).</summary>
    public double Cpu { get; init; } = 8;

    /// <summary>Memory per replica, e.g. <c>56Gi</c>.</summary>
    public string Memory { get; init; } = "56Gi";

    /// <summary>Environment variables every execution gets (e.g. <c>AZURE_CLIENT_ID</c> of the job's identity).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Variables sent as <c>secretRef</c> to a secret of the job instead of their value (variable name → secret name).</summary>
    public IReadOnlyDictionary<string, string> SecretReferences { get; init; } = new Dictionary<string, string>();

    /// <summary>The ARM endpoint (sovereign clouds and tests change it).</summary>
    public Uri ResourceManagerEndpoint { get; init; } = new("https://management.azure.com");

    /// <summary>The token scope for ARM.</summary>
    public string Scope { get; init; } = "https://management.azure.com/.default";

    /// <summary>The ARM API version.</summary>
    public string ApiVersion { get; init; } = DefaultApiVersion;

    /// <summary>Retries of a transient ARM failure.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>First retry delay (exponential with jitter afterwards; a <c>Retry-After</c> header wins).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The job's ARM resource id.</summary>
    public string JobResourceId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.App/jobs/{JobName}";

    /// <summary>Creates options from a job resource id (<c>/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{job}</c>).</summary>
    /// <param name="resourceId">The job's resource id.</param>
    /// <param name="image">The trainer image.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">The id is not a Container Apps job id.</exception>
    public static ContainerAppsJobOptions FromResourceId(string resourceId, string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        var parts = resourceId.Trim('/').Split('/');
        if (parts.Length != 8
            || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !parts[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            || !parts[5].Equals("Microsoft.App", StringComparison.OrdinalIgnoreCase)
            || !parts[6].Equals("jobs", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{resourceId}' is not a Container Apps job resource id (/subscriptions/{{s}}/resourceGroups/{{rg}}/providers/Microsoft.App/jobs/{{job}}).");
        }

        return new ContainerAppsJobOptions { SubscriptionId = parts[1], ResourceGroup = parts[3], JobName = parts[7], Image = image };
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is empty or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SubscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(ResourceGroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(JobName);
        ArgumentException.ThrowIfNullOrWhiteSpace(Image);
        ArgumentException.ThrowIfNullOrWhiteSpace(ContainerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(Memory);
        ArgumentException.ThrowIfNullOrWhiteSpace(Scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiVersion);
        ArgumentNullException.ThrowIfNull(ResourceManagerEndpoint);
        ArgumentNullException.ThrowIfNull(Environment);
        ArgumentNullException.ThrowIfNull(SecretReferences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Cpu);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AttemptTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero);
        foreach (var name in new[] { SubscriptionId, ResourceGroup, JobName })
        {
            if (name.Contains('/', StringComparison.Ordinal))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{name}' must not contain '/'."));
            }
        }
    }
}
