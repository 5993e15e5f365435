namespace BetterTogether.Durable.Tests.Configuration;

public sealed class DurableBackendOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var options = new DurableBackendOptions();

        options.Validate();

        Assert.Equal(DurableBackendKind.Embedded, options.Backend);
        Assert.Equal(DurableBackendOptions.DefaultTaskHubName, options.TaskHubName);
        Assert.Equal(2, options.MaxConcurrentActivities);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("task-hub")]
    [InlineData("hub_name")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdef")]
    public void Validate_TaskHubNameBreakingAzureRules_ThrowsNamingTheOption(string name)
    {
        var options = new DurableBackendOptions { TaskHubName = name };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(DurableBackendOptions.TaskHubName), error.ParamName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("BetterTogether2")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcde")]
    public void Validate_TaskHubNameWithinAzureRules_Passes(string name) => new DurableBackendOptions { TaskHubName = name }.Validate();

    [Fact]
    public void Validate_AzureStorageWithoutConnectionString_ThrowsNamingTheOption()
    {
        var options = new DurableBackendOptions { Backend = DurableBackendKind.AzureStorage };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(DurableBackendOptions.AzureStorageConnectionString), error.ParamName);
    }

    [Fact]
    public void Validate_EmbeddedWithoutDatabasePath_ThrowsNamingTheOption()
    {
        var options = new DurableBackendOptions { EmbeddedDatabasePath = " " };

        Assert.Equal(nameof(DurableBackendOptions.EmbeddedDatabasePath), Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Theory]
    [InlineData(nameof(DurableBackendOptions.WorkItemVisibilityTimeout))]
    [InlineData(nameof(DurableBackendOptions.ControlQueueVisibilityTimeout))]
    [InlineData(nameof(DurableBackendOptions.MaxQueuePollingInterval))]
    [InlineData(nameof(DurableBackendOptions.PartitionCount))]
    [InlineData(nameof(DurableBackendOptions.MaxConcurrentActivities))]
    [InlineData(nameof(DurableBackendOptions.MaxConcurrentOrchestrations))]
    [InlineData(nameof(DurableBackendOptions.WorkerId))]
    public void Validate_OutOfRangeSetting_ThrowsNamingIt(string setting)
    {
        var options = new DurableBackendOptions();
        switch (setting)
        {
            case nameof(DurableBackendOptions.WorkItemVisibilityTimeout): options.WorkItemVisibilityTimeout = TimeSpan.Zero; break;
            case nameof(DurableBackendOptions.ControlQueueVisibilityTimeout): options.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(-1); break;
            case nameof(DurableBackendOptions.MaxQueuePollingInterval): options.MaxQueuePollingInterval = TimeSpan.Zero; break;
            case nameof(DurableBackendOptions.PartitionCount): options.PartitionCount = 17; break;
            case nameof(DurableBackendOptions.MaxConcurrentActivities): options.MaxConcurrentActivities = 0; break;
            case nameof(DurableBackendOptions.MaxConcurrentOrchestrations): options.MaxConcurrentOrchestrations = 0; break;
            default: options.WorkerId = ""; break;
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveWorkerId_NotSet_IsMachineNameAndProcessId()
    {
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", new DurableBackendOptions().ResolveWorkerId());
        Assert.Equal("worker-7", new DurableBackendOptions { WorkerId = "worker-7" }.ResolveWorkerId());
    }
}
