using System.Text;

namespace BetterTogether.Tasks.Retrieval;

/// <summary>
/// The retriever's tokenizer: lowercases, splits on anything that is not a letter or digit, and
/// optionally drops common English stopwords.
/// </summary>
public static class TextTokenizer
{
    private static readonly HashSet<string> StopwordSet = new(
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "did", "do", "does", "for", "from", "had", "has", "have",
        "he", "her", "his", "how", "i", "in", "into", "is", "it", "its", "of", "on", "or", "she", "so", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "were", "what", "when", "where",
        "which", "who", "whom", "whose", "why", "will", "with",
    ], StringComparer.Ordinal);

    /// <summary>The stopwords dropped when asked to.</summary>
    public static IReadOnlySet<string> Stopwords => StopwordSet;

    /// <summary>Tokenizes text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="removeStopwords">Whether to drop <see cref="Stopwords"/>.</param>
    public static IReadOnlyList<string> Tokenize(string text, bool removeStopwords)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length == 0)
            {
                return;
            }

            var token = current.ToString();
            current.Clear();
            if (!removeStopwords || !StopwordSet.Contains(token))
            {
                tokens.Add(token);
            }
        }
    }
}
