namespace BetterTogether.Core.Signatures;

/// <summary>Whether a signature field is given to the LM or produced by it.</summary>
public enum FieldKind
{
    /// <summary>An input field, supplied by the caller.</summary>
    Input,

    /// <summary>An output field, produced by the LM.</summary>
    Output,
}
