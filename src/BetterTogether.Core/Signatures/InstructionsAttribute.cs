namespace BetterTogether.Core.Signatures;

/// <summary>Gives a signature type its instructions (DSPy takes them from the class docstring).</summary>
/// <param name="text">The task instructions.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false)]
public sealed class InstructionsAttribute(string text) : Attribute
{
    /// <summary>The task instructions.</summary>
    public string Text { get; } = text;
}
