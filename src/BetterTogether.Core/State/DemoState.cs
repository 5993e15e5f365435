using BetterTogether.Core.Examples;

namespace BetterTogether.Core.State;

/// <summary>A saved demo.</summary>
/// <param name="Fields">The field values.</param>
/// <param name="InputKeys">Which fields are inputs.</param>
/// <param name="Augmented">True for a bootstrapped demo.</param>
public sealed record DemoState(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> InputKeys, bool Augmented)
{
    /// <summary>Captures an example.</summary>
    public static DemoState From(Example example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return new(example.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), [.. example.InputKeys], example.Augmented);
    }

    /// <summary>Rebuilds the example.</summary>
    public Example ToExample() => new(Fields, InputKeys, Augmented);
}
