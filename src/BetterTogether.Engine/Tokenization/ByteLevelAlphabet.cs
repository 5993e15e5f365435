namespace BetterTogether.Engine.Tokenization;

/// <summary>
/// GPT-2's reversible byte ↔ printable-character table (<c>bytes_to_unicode</c>): printable Latin-1
/// bytes map to themselves, the other 68 bytes to U+0100 onwards, so every byte string is a string of
/// visible characters and no token holds a raw space or control character.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToCharTable = BuildByteToChar();
    private static readonly short[] CharToByteTable = BuildCharToByte();

    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char ByteToChar(byte value) => ByteToCharTable[value];

    /// <summary>The byte a character stands for, or -1 when the character is not in the table.</summary>
    public static int CharToByte(char value) => value < CharToByteTable.Length ? CharToByteTable[value] : -1;

    /// <summary>All 256 characters in byte order.</summary>
    public static ReadOnlySpan<char> All => ByteToCharTable;

    /// <summary>Maps UTF-8 bytes to their byte-level characters.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToCharTable[bytes[i]];
        }

        return new string(chars);
    }

    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        var extra = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)(256 + extra++);
        }

        return table;
    }

    private static short[] BuildCharToByte()
    {
        var table = new short[512];
        Array.Fill(table, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            table[ByteToCharTable[b]] = (short)b;
        }

        return table;
    }
}
