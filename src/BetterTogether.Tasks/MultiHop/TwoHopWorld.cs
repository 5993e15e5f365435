using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>A generated world: one passage per entity, and the two-hop questions it supports.</summary>
/// <param name="Partition">The partition every entity name in this world belongs to.</param>
/// <param name="Seed">The seed it was generated from.</param>
/// <param name="Passages">The passages (ids and titles are entity names).</param>
/// <param name="Questions">Every two-hop question over the world, in generation order.</param>
public sealed record TwoHopWorld(DataPartition Partition, int Seed, IReadOnlyList<Passage> Passages, IReadOnlyList<TwoHopQuestion> Questions);
