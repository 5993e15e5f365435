namespace BetterTogether.Tasks.MultiHop;

/// <summary>The size of a <see cref="TwoHopWorld"/>.</summary>
public sealed class TwoHopWorldOptions
{
    /// <summary>Films (each gives two questions; default 12).</summary>
    public int Films { get; init; } = 12;

    /// <summary>Novels (each gives two questions; default 12).</summary>
    public int Books { get; init; } = 12;

    /// <summary>People (each gives one question; default 24). Directors and authors are drawn from them.</summary>
    public int People { get; init; } = 24;

    /// <summary>Cities people are born in (default 10).</summary>
    public int Cities { get; init; } = 10;

    /// <summary>Countries the cities lie in (default 4).</summary>
    public int Countries { get; init; } = 4;

    /// <summary>A world large enough for the multi-hop task's train/dev/test sets (560 questions, 328 passages).</summary>
    public static TwoHopWorldOptions TaskWorld { get; } = new() { Films = 80, Books = 80, People = 120, Cities = 36, Countries = 12 };

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Films, nameof(Films));
        ArgumentOutOfRangeException.ThrowIfNegative(Books, nameof(Books));
        ArgumentOutOfRangeException.ThrowIfLessThan(People, 2, nameof(People));
        ArgumentOutOfRangeException.ThrowIfLessThan(Cities, 2, nameof(Cities));
        ArgumentOutOfRangeException.ThrowIfLessThan(Countries, 1, nameof(Countries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Films + Books + People + Cities + Countries, 5000, "entity count");
    }
}
