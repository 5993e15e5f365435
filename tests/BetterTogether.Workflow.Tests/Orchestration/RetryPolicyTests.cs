using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Tests.Orchestration;

public sealed class RetryPolicyTests
{
    [Fact]
    public void GetRetryDelay_Backoff_GrowsGeometricallyUpToCap()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetRetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.GetRetryDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(4), policy.GetRetryDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.GetRetryDelay(4));
    }

    [Theory]
    [InlineData(0, 1, 1.0)]
    [InlineData(3, 0, 1.0)]
    [InlineData(3, 1, 0.5)]
    public void Constructor_InvalidSettings_Throws(int attempts, int firstSeconds, double coefficient)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstSeconds), coefficient));
    }

    [Fact]
    public void DeterministicGuid_Create_MatchesRfc4122Version5()
    {
        // Reference: Python uuid.uuid5(uuid.NAMESPACE_URL, "run-1_0").
        Assert.Equal(Guid.Parse("f2c1e147-a5db-5aef-bbad-731dde7b4de5"), DeterministicGuid.Create("run-1_0"));
    }
}
