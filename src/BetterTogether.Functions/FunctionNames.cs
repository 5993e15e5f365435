namespace BetterTogether.Functions;

/// <summary>The Durable function names this app registers.</summary>
public static class FunctionNames
{
    /// <summary>The one orchestrator function; its input is an <see cref="Binding.OrchestrationEnvelope"/>.</summary>
    public const string Orchestrator = "BetterTogetherOrchestrator";

    /// <summary>The one activity function; its input is an <see cref="Binding.ActivityEnvelope"/>.</summary>
    public const string Activity = "BetterTogetherActivity";
}
