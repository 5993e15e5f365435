using BetterTogether.Engine.Tokenization.Normalization;

namespace BetterTogether.Engine.Tokenization;

/// <summary>The supported <c>normalizer</c> steps: Unicode normalization forms and lowercasing, alone or in a <c>Sequence</c>.</summary>
internal sealed class TextNormalizer
{
    private readonly Func<string, string>[] steps;

    public TextNormalizer(IReadOnlyList<Func<string, string>> steps) => this.steps = [.. steps];

    /// <summary>A normalizer that changes nothing (<c>"normalizer": null</c>).</summary>
    public static TextNormalizer Identity { get; } = new([]);

    public bool IsIdentity => steps.Length == 0;

    /// <summary>NFC with our own tables (string.Normalize is a no-op under InvariantGlobalization).</summary>
    public static Func<string, string> Nfc() => UnicodeNormalizer.ToNfc;

    /// <summary>NFD with our own tables.</summary>
    public static Func<string, string> Nfd() => UnicodeNormalizer.ToNfd;

    public static Func<string, string> Lowercase() => s => s.ToLowerInvariant();

    public string Apply(string text)
    {
        foreach (var step in steps)
        {
            text = step(text);
        }

        return text;
    }
}
