using BetterTogether.OpenAI.Resilience;

namespace BetterTogether.OpenAI.Tests.Resilience;

public sealed class OpenAIResilienceOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new OpenAIResilienceOptions().Validate();
    }

    [Theory]
    [InlineData(nameof(OpenAIResilienceOptions.MaxRetries))]
    [InlineData(nameof(OpenAIResilienceOptions.AttemptTimeout))]
    [InlineData(nameof(OpenAIResilienceOptions.MinimumThroughput))]
    [InlineData(nameof(OpenAIResilienceOptions.BreakDuration))]
    [InlineData(nameof(OpenAIResilienceOptions.FailureRatio))]
    [InlineData(nameof(OpenAIResilienceOptions.MaxDelay))]
    [InlineData(nameof(OpenAIResilienceOptions.MaxConcurrentRequests))]
    public void Validate_OutOfRange_ThrowsNamingTheSetting(string setting)
    {
        var options = new OpenAIResilienceOptions();
        switch (setting)
        {
            case nameof(OpenAIResilienceOptions.MaxRetries): options.MaxRetries = -1; break;
            case nameof(OpenAIResilienceOptions.AttemptTimeout): options.AttemptTimeout = TimeSpan.FromHours(1); break;
            case nameof(OpenAIResilienceOptions.MinimumThroughput): options.MinimumThroughput = 1; break;
            case nameof(OpenAIResilienceOptions.BreakDuration): options.BreakDuration = TimeSpan.FromMilliseconds(10); break;
            case nameof(OpenAIResilienceOptions.FailureRatio): options.FailureRatio = 0; break;
            case nameof(OpenAIResilienceOptions.MaxDelay): options.MaxDelay = TimeSpan.FromMilliseconds(1); break;
            default: options.MaxConcurrentRequests = -2; break;
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains("OpenAIResilienceOptions." + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BreakerOff_IgnoresBreakerSettings()
    {
        new OpenAIResilienceOptions { UseCircuitBreaker = false, MinimumThroughput = 0 }.Validate();
    }
}
