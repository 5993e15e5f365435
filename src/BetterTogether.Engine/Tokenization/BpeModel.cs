using System.Collections.Concurrent;
using System.Text;

namespace BetterTogether.Engine.Tokenization;

/// <summary>
/// The BPE model: a vocabulary and ranked merges. A piece becomes symbols (its UTF-8 bytes as
/// byte-level characters, or its characters), then the adjacent pair with the lowest merge rank is
/// merged (leftmost first on ties) until no ranked pair remains — the same order as Hugging Face's
/// priority-queue implementation. Results are cached per piece; the cache is safe for concurrent use.
/// </summary>
internal sealed class BpeModel
{
    private const int CacheLimit = 200_000;

    private readonly Dictionary<string, int> vocab;
    private readonly Dictionary<long, (int Rank, int Merged)> merges;
    private readonly int[] byteSymbol = new int[256];
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);
    private int cacheCount;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocabBySpan;

    public BpeModel(Dictionary<string, int> vocab, Dictionary<long, (int Rank, int Merged)> merges, BpeModelOptions options)
    {
        this.vocab = vocab;
        this.merges = merges;
        Options = options;
        vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var b = 0; b < 256; b++)
        {
            byteSymbol[b] = vocab.TryGetValue(ByteLevelAlphabet.ByteToChar((byte)b).ToString(), out var id) ? id : -1;
        }
    }

    public BpeModelOptions Options { get; }

    public IReadOnlyDictionary<string, int> Vocab => vocab;

    public static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Appends the ids of one pre-tokenized piece to <paramref name="ids"/>.</summary>
    public void EncodePiece(string piece, List<int> ids)
    {
        if (!cache.TryGetValue(piece, out var result))
        {
            result = Tokenize(piece);
            if (Interlocked.Increment(ref cacheCount) >= CacheLimit)
            {
                // Bounded memory: start over rather than track recency; hot pieces come back quickly.
                cache.Clear();
                Interlocked.Exchange(ref cacheCount, 0);
            }

            cache.TryAdd(piece, result);
        }

        ids.AddRange(result);
    }

    private int[] Tokenize(string piece)
    {
        var symbols = new List<int>(piece.Length * 2);
        if (Options.ByteLevel)
        {
            var bytes = Encoding.UTF8.GetBytes(piece);
            if (Options.IgnoreMerges && vocab.TryGetValue(ByteLevelAlphabet.Encode(bytes), out var whole))
            {
                return [whole];
            }

            foreach (var b in bytes)
            {
                if (byteSymbol[b] >= 0)
                {
                    symbols.Add(byteSymbol[b]);
                }
                else
                {
                    AddSymbol(-1, ByteLevelAlphabet.ByteToChar(b).ToString(), symbols);
                }
            }
        }
        else
        {
            if (Options.IgnoreMerges && vocab.TryGetValue(piece, out var whole))
            {
                return [whole];
            }

            for (var i = 0; i < piece.Length; i += char.IsSurrogatePair(piece, i) ? 2 : 1)
            {
                var length = char.IsSurrogatePair(piece, i) ? 2 : 1;
                var id = vocabBySpan.TryGetValue(piece.AsSpan(i, length), out var found) ? found : -1;
                AddSymbol(id, piece.Substring(i, length), symbols);
            }
        }

        return Merge(symbols);
    }

    private void AddSymbol(int id, string symbol, List<int> symbols)
    {
        if (id >= 0)
        {
            symbols.Add(id);
            return;
        }

        if (Options.ByteFallback)
        {
            var all = true;
            var fallback = new List<int>();
            foreach (var b in Encoding.UTF8.GetBytes(symbol))
            {
                if (vocab.TryGetValue($"<0x{b:X2}>", out var byteId))
                {
                    fallback.Add(byteId);
                }
                else
                {
                    all = false;
                }
            }

            if (all)
            {
                symbols.AddRange(fallback);
                return;
            }
        }

        if (Options.UnkId is { } unk && !(Options.FuseUnk && symbols.Count > 0 && symbols[^1] == unk))
        {
            symbols.Add(unk);
        }

        // Like Hugging Face, a symbol with no token and no unk token is dropped.
    }

    private int[] Merge(List<int> symbols)
    {
        var n = symbols.Count;
        if (n < 2)
        {
            return [.. symbols];
        }

        var id = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        var queue = new PriorityQueue<int, long>(n);
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
            alive[i] = true;
            if (i + 1 < n)
            {
                Enqueue(queue, id[i], id[i + 1], i);
            }
        }

        var remaining = n;
        while (queue.TryDequeue(out var left, out var priority))
        {
            var right = next[left];
            if (!alive[left] || right < 0 || !merges.TryGetValue(PairKey(id[left], id[right]), out var merge) || merge.Rank != (int)(priority >> 32))
            {
                continue;
            }

            id[left] = merge.Merged;
            alive[right] = false;
            next[left] = next[right];
            if (next[left] >= 0)
            {
                prev[next[left]] = left;
                Enqueue(queue, id[left], id[next[left]], left);
            }

            if (prev[left] >= 0)
            {
                Enqueue(queue, id[prev[left]], id[left], prev[left]);
            }

            remaining--;
        }

        var result = new int[remaining];
        for (int i = 0, k = 0; i >= 0; i = next[i])
        {
            result[k++] = id[i];
        }

        return result;
    }

    private void Enqueue(PriorityQueue<int, long> queue, int left, int right, int position)
    {
        if (merges.TryGetValue(PairKey(left, right), out var merge))
        {
            queue.Enqueue(position, ((long)merge.Rank << 32) | (uint)position);
        }
    }
}
