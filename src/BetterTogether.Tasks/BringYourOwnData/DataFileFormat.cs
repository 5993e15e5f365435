namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>The formats <see cref="DataFileLoader"/> reads.</summary>
public enum DataFileFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv = 0,

    /// <summary>JSON Lines: one JSON object per line.</summary>
    JsonLines = 1,
}
