namespace BetterTogether.Functions.Tests.Infrastructure;

/// <summary>What one <c>bicep</c> command did: its exit code and what it wrote (diagnostics go to stderr).</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for failure messages.</summary>
    public string Output => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
