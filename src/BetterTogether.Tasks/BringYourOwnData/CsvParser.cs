using System.Text;

namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>
/// An RFC 4180 CSV reader: comma separated, fields optionally in double quotes, <c>""</c> for a quote
/// inside a quoted field, line breaks (CRLF or LF) allowed inside quoted fields. Blank lines are skipped.
/// </summary>
internal static class CsvParser
{
    /// <summary>Reads all records.</summary>
    /// <exception cref="DataFormatException">A quote is unterminated or text follows a closing quote.</exception>
    public static IEnumerable<CsvRow> Read(TextReader reader, string filePath)
    {
        var line = 1;
        var column = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var recordLine = 1;
        var inQuotes = false;
        var quoteLine = 0;
        var quoteColumn = 0;
        var afterQuote = false;
        var recordHasContent = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            column++;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        column++;
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                        column = 0;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                    recordHasContent = true;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\r':
                case '\n':
                    if (recordHasContent || field.Length > 0 || afterQuote || fields.Count > 0)
                    {
                        fields.Add(field.ToString());
                        yield return new CsvRow(recordLine, fields.ToArray());
                    }

                    fields.Clear();
                    field.Clear();
                    afterQuote = false;
                    recordHasContent = false;
                    line++;
                    column = 0;
                    recordLine = line;
                    break;
                case '"' when field.Length == 0 && !afterQuote:
                    inQuotes = true;
                    quoteLine = line;
                    quoteColumn = column;
                    recordHasContent = true;
                    break;
                default:
                    if (afterQuote)
                    {
                        throw new DataFormatException(filePath, line, column, $"unexpected character '{ch}' after a closing quote (RFC 4180: a quoted field ends at its closing quote)");
                    }

                    field.Append(ch);
                    recordHasContent = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new DataFormatException(filePath, quoteLine, quoteColumn, "unterminated quoted field");
        }

        if (recordHasContent || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(recordLine, fields.ToArray());
        }
    }
}
