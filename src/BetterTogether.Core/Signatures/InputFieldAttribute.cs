namespace BetterTogether.Core.Signatures;

/// <summary>Marks a property of a signature type as an input field.</summary>
/// <param name="description">What the field holds, shown to the LM.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class InputFieldAttribute(string description = "") : Attribute
{
    /// <summary>What the field holds.</summary>
    public string Description { get; } = description;

    /// <summary>Overrides the field name (default: the property name in snake_case).</summary>
    public string? Name { get; init; }
}
