namespace BetterTogether.Tasks.Retrieval;

/// <summary>
/// An in-process Okapi BM25 index over a passage corpus.
/// </summary>
/// <remarks>
/// score(q, d) = Σ over query tokens t (repeats count) of
/// idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl)), with
/// idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)) (Lucene's form, never negative).
/// Passages with no query term score 0 and are not returned; ties keep corpus order.
/// </remarks>
public sealed class Bm25Retriever
{
    private readonly Bm25Options _options;
    private readonly Passage[] _passages;
    private readonly int[] _lengths;
    private readonly double _averageLength;
    private readonly Dictionary<string, (int Doc, int Count)[]> _postings;

    /// <summary>Indexes a corpus.</summary>
    /// <param name="passages">The corpus; its order breaks ties.</param>
    /// <param name="options">Settings; defaults (k1 = 1.2, b = 0.75, stopwords removed) when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public Bm25Retriever(IEnumerable<Passage> passages, Bm25Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(passages);
        _options = options ?? new Bm25Options();
        _options.Validate();
        _passages = passages.ToArray();
        _lengths = new int[_passages.Length];
        var postings = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var doc = 0; doc < _passages.Length; doc++)
        {
            var passage = _passages[doc];
            var text = _options.IndexTitles ? passage.Title + " " + passage.Text : passage.Text;
            var tokens = TextTokenizer.Tokenize(text, _options.RemoveStopwords);
            _lengths[doc] = tokens.Count;
            counts.Clear();
            foreach (var token in tokens)
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }

            foreach (var (term, count) in counts)
            {
                if (!postings.TryGetValue(term, out var list))
                {
                    postings[term] = list = [];
                }

                list.Add((doc, count));
            }
        }

        _postings = postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _averageLength = _passages.Length == 0 ? 0 : _lengths.Average();
    }

    /// <summary>The indexed passages, in corpus order.</summary>
    public IReadOnlyList<Passage> Passages => _passages;

    /// <summary>The inverse document frequency of a (tokenized) term; 0 for an unknown term.</summary>
    public double InverseDocumentFrequency(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (!_postings.TryGetValue(term, out var list))
        {
            return 0;
        }

        var n = list.Length;
        return Math.Log(1 + ((_passages.Length - n + 0.5) / (n + 0.5)));
    }

    /// <summary>The <paramref name="k"/> best passages for a query, best first.</summary>
    /// <param name="query">Free text.</param>
    /// <param name="k">How many passages at most.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<ScoredPassage> Search(string query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var scores = new double[_passages.Length];
        var touched = new List<int>();
        foreach (var term in TextTokenizer.Tokenize(query, _options.RemoveStopwords))
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                continue;
            }

            var idf = InverseDocumentFrequency(term);
            foreach (var (doc, count) in list)
            {
                var norm = _options.K1 * (1 - _options.B + (_options.B * _lengths[doc] / _averageLength));
                if (scores[doc] == 0)
                {
                    touched.Add(doc);
                }

                scores[doc] += idf * count * (_options.K1 + 1) / (count + norm);
            }
        }

        return touched
            .OrderByDescending(doc => scores[doc])
            .ThenBy(doc => doc)
            .Take(k)
            .Select(doc => new ScoredPassage(_passages[doc], scores[doc]))
            .ToList();
    }
}
