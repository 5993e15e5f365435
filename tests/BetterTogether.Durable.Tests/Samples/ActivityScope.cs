namespace BetterTogether.Durable.Tests.Samples;

/// <summary>A scoped service: one per activity execution when the worker creates activities in their own scope.</summary>
internal sealed class ActivityScope
{
    public Guid Id { get; } = Guid.NewGuid();
}
