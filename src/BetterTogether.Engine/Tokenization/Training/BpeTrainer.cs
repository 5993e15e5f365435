using System.Text;
using BetterTogether.Engine.Tokenization.Normalization;
using BetterTogether.Engine.Tokenization.PreTokenizers;

namespace BetterTogether.Engine.Tokenization.Training;

/// <summary>
/// Trains a byte-level BPE tokenizer (Qwen2-style: NFC, regex split, byte-level symbols) for models we
/// make ourselves. Deterministic: the most frequent pair is merged each step, ties going to the
/// smallest (left id, right id); pair counts are updated incrementally, only in words holding the pair.
/// </summary>
public static class BpeTrainer
{
    /// <summary>Trains with default options except the vocabulary size and special tokens.</summary>
    public static TrainedBpe Train(IEnumerable<string> corpus, int vocabSize, IReadOnlyList<string> specialTokens) =>
        Train(corpus, new BpeTrainerOptions { VocabSize = vocabSize, SpecialTokens = specialTokens });

    /// <summary>Trains on <paramref name="corpus"/> (documents or lines).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TrainedBpe Train(IEnumerable<string> corpus, BpeTrainerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tokens = new List<string>(options.SpecialTokens);
        var byteBase = tokens.Count;
        foreach (var c in ByteLevelAlphabet.All)
        {
            tokens.Add(c.ToString());
        }

        var (words, counts) = CountWords(corpus, options, byteBase, cancellationToken);
        var pairCounts = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, HashSet<int>>();
        for (var w = 0; w < words.Count; w++)
        {
            AddPairs(words[w], w, counts[w], pairCounts, pairWords);
        }

        var queue = new PriorityQueue<long, (long Count, long Key)>(Comparer<(long Count, long Key)>.Create(
            static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Key.CompareTo(b.Key)));
        foreach (var (key, count) in pairCounts)
        {
            queue.Enqueue(key, (count, key));
        }

        var merges = new List<(string, string)>();
        while (tokens.Count < options.VocabSize && queue.TryDequeue(out var key, out var priority))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pairCounts.GetValueOrDefault(key);
            if (current != priority.Count)
            {
                if (current > 0)
                {
                    queue.Enqueue(key, (current, key));
                }

                continue;
            }

            if (current < options.MinFrequency)
            {
                break;
            }

            var (left, right) = ((int)(key >> 32), (int)key);
            var merged = tokens.Count;
            tokens.Add(tokens[left] + tokens[right]);
            merges.Add((tokens[left], tokens[right]));
            var touched = new HashSet<long>();
            foreach (var w in pairWords[key].Order())
            {
                var word = words[w];
                if (!Contains(word, left, right))
                {
                    continue;
                }

                RemovePairs(word, counts[w], pairCounts);
                words[w] = word = Replace(word, left, right, merged);
                AddPairs(word, w, counts[w], pairCounts, pairWords, touched, merged);
            }

            pairWords.Remove(key);
            foreach (var t in touched)
            {
                if (pairCounts.TryGetValue(t, out var c) && c > 0)
                {
                    queue.Enqueue(t, (c, t));
                }
            }
        }

        return new TrainedBpe(tokens, merges, options.SpecialTokens, options.Pattern);
    }

    private static (List<int[]> Words, List<long> Counts) CountWords(IEnumerable<string> corpus, BpeTrainerOptions options, int byteBase, CancellationToken cancellationToken)
    {
        var matcher = PatternMatcher.FromRegex(options.Pattern);
        var specials = new AddedTokenMatcher(options.SpecialTokens.Select((t, i) => new AddedToken(i, t, Special: true)));
        var wordCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var document in corpus)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (start, length, tokenId) in specials.Split(document ?? string.Empty))
            {
                if (tokenId >= 0)
                {
                    continue;
                }

                var text = UnicodeNormalizer.ToNfc(document!.Substring(start, length));
                foreach (var (s, l) in matcher.Matches(text))
                {
                    var piece = text.Substring(s, l);
                    wordCounts[piece] = wordCounts.GetValueOrDefault(piece) + 1;
                }
            }
        }

        var words = new List<int[]>(wordCounts.Count);
        var counts = new List<long>(wordCounts.Count);
        foreach (var (piece, count) in wordCounts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            words.Add([.. Encoding.UTF8.GetBytes(piece).Select(b => byteBase + b)]);
            counts.Add(count);
        }

        return (words, counts);
    }

    private static void AddPairs(int[] word, int index, long count, Dictionary<long, long> pairCounts, Dictionary<long, HashSet<int>> pairWords, HashSet<long>? touched = null, int mergedId = -1)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            var key = BpeModel.PairKey(word[i], word[i + 1]);
            pairCounts[key] = pairCounts.GetValueOrDefault(key) + count;
            if (touched is not null && (word[i] == mergedId || word[i + 1] == mergedId))
            {
                touched.Add(key);
                if (!pairWords.TryGetValue(key, out var set))
                {
                    pairWords[key] = set = [];
                }

                set.Add(index);
            }
            else if (touched is null)
            {
                if (!pairWords.TryGetValue(key, out var set))
                {
                    pairWords[key] = set = [];
                }

                set.Add(index);
            }
        }
    }

    private static void RemovePairs(int[] word, long count, Dictionary<long, long> pairCounts)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            var key = BpeModel.PairKey(word[i], word[i + 1]);
            var left = pairCounts[key] - count;
            if (left == 0)
            {
                pairCounts.Remove(key);
            }
            else
            {
                pairCounts[key] = left;
            }
        }
    }

    private static bool Contains(int[] word, int left, int right)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] == left && word[i + 1] == right)
            {
                return true;
            }
        }

        return false;
    }

    private static int[] Replace(int[] word, int left, int right, int merged)
    {
        var result = new List<int>(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            if (i + 1 < word.Length && word[i] == left && word[i + 1] == right)
            {
                result.Add(merged);
                i++;
            }
            else
            {
                result.Add(word[i]);
            }
        }

        return [.. result];
    }
}
