namespace BetterTogether.Durable.Tests.Samples;

/// <summary>What <see cref="ParentOrchestrator"/> returns: twice the fan-out's sum, and the parent its other child saw.</summary>
internal sealed record ParentResult(int DoubledSum, string ChildSawParent);
