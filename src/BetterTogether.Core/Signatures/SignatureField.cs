using System.Text.RegularExpressions;

namespace BetterTogether.Core.Signatures;

/// <summary>One named field of a <see cref="Signature"/>.</summary>
/// <param name="Name">The field name: letters, digits and underscores, not starting with a digit.</param>
/// <param name="Kind">Input or output.</param>
/// <param name="Description">What the field holds, shown to the LM; empty when none.</param>
public sealed partial record SignatureField(string Name, FieldKind Kind, string Description = "")
{
    /// <summary>True when <paramref name="name"/> is a valid field name (DSPy's <c>\w+</c> header pattern).</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
