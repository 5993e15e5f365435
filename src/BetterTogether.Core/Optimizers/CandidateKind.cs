namespace BetterTogether.Core.Optimizers;

/// <summary>How a random-search candidate is built, by seed.</summary>
public enum CandidateKind
{
    /// <summary>Seed −3: the student with no demos.</summary>
    ZeroShot,

    /// <summary>Seed −2: labelled demos only (<see cref="LabeledFewShot"/>).</summary>
    LabeledOnly,

    /// <summary>Seed −1: bootstrap on the trainset in its given order with the full demo budget.</summary>
    UnshuffledBootstrap,

    /// <summary>Seed ≥ 0: bootstrap on a seeded shuffle with a seeded demo count.</summary>
    ShuffledBootstrap,
}
