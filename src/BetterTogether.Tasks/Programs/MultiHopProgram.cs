using System.Globalization;
using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Signatures;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Programs;

/// <summary>
/// The paper's multi-hop QA program: generate a query, retrieve, generate a second query from the question and
/// what was found, retrieve again, then answer from all passages. Predictors: <c>generate_query_1</c>,
/// <c>generate_query_2</c> and <c>generate_answer</c>, each a ChainOfThought.
/// </summary>
public sealed class MultiHopProgram : LmProgram
{
    /// <summary>The number of retrieval hops.</summary>
    public const int Hops = 2;

    /// <summary>The answer predictor's name.</summary>
    public const string AnswerPredictorName = "generate_answer";

    /// <summary>What <see cref="FormatContext"/> writes when nothing has been retrieved yet.</summary>
    public const string EmptyContext = "N/A";

    private readonly Predictor?[] _generateQuery;
    private readonly Predictor _generateAnswer;
    private readonly Bm25Retriever _retriever;
    private readonly int _passagesPerHop;

    /// <summary>Creates the program over a retriever.</summary>
    /// <param name="retriever">The passage index (shared by copies of the program; it is read-only).</param>
    /// <param name="passagesPerHop">Passages retrieved per hop (default 3).</param>
    /// <param name="lm">The LM, or null to set it later with <see cref="LmProgram.SetLm"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="passagesPerHop"/> is not positive.</exception>
    public MultiHopProgram(Bm25Retriever retriever, int passagesPerHop = 3, LanguageModel? lm = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(passagesPerHop);
        _retriever = retriever;
        _passagesPerHop = passagesPerHop;
        _generateQuery = Enumerable.Range(1, Hops)
            .Select(hop => (Predictor?)new ChainOfThought(QueryPredictorName(hop), QuerySignature, lm))
            .ToArray();
        _generateAnswer = new ChainOfThought(AnswerPredictorName, AnswerSignature, lm);
    }

    /// <summary>The query generators' signature: <c>context, question -> search_query</c>.</summary>
    /// <remarks>Worded exactly as the bundled model's pretraining corpus words it.</remarks>
    public static Signature QuerySignature { get; } = Signature.Create(
        [
            new SignatureField("context", FieldKind.Input),
            new SignatureField("question", FieldKind.Input),
            new SignatureField("search_query", FieldKind.Output),
        ],
        "Write a search query that finds the missing information needed to answer the question.");

    /// <summary>The answer generator's signature: <c>context, question -> answer</c>.</summary>
    /// <remarks>Worded exactly as the bundled model's pretraining corpus words it.</remarks>
    public static Signature AnswerSignature { get; } = Signature.Create(
        [
            new SignatureField("context", FieldKind.Input),
            new SignatureField("question", FieldKind.Input),
            new SignatureField("answer", FieldKind.Output),
        ],
        "Answer the question using the context. Give a short answer.");

    /// <summary>The passages per hop.</summary>
    public int PassagesPerHop => _passagesPerHop;

    /// <summary>The name of hop <paramref name="hop"/>'s query generator (1-based): <c>generate_query_{hop}</c>.</summary>
    public static string QueryPredictorName(int hop) => string.Create(CultureInfo.InvariantCulture, $"generate_query_{hop}");

    /// <summary>
    /// Renders passages as the <c>context</c> field: <c>[1] «Title | text»</c>, one per line (DSPy's list
    /// rendering), or <see cref="EmptyContext"/> when there are none. Pretraining corpora should use this too.
    /// </summary>
    public static string FormatContext(IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return passages.Count == 0
            ? EmptyContext
            : string.Join('\n', passages.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"[{i + 1}] «{p}»")));
    }

    /// <summary>Runs both hops and answers. The prediction holds <c>answer</c>, <c>context</c> and each hop's <c>search_query_{hop}</c>.</summary>
    /// <param name="inputs">An example with a <c>question</c> field.</param>
    /// <param name="cancellationToken">Cancels the LM calls.</param>
    public override async Task<Prediction> ForwardAsync(Example inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var question = inputs["question"];
        var context = new List<Passage>();
        var fields = new List<KeyValuePair<string, string>>();
        for (var hop = 0; hop < _generateQuery.Length; hop++)
        {
            var generate = _generateQuery[hop] ?? throw new InvalidOperationException($"Query generator {hop + 1} is missing.");
            var query = await generate.PredictAsync(Inputs(context, question), cancellationToken).ConfigureAwait(false);
            var searchQuery = query["search_query"];
            fields.Add(KeyValuePair.Create(string.Create(CultureInfo.InvariantCulture, $"search_query_{hop + 1}"), searchQuery));
            foreach (var hit in _retriever.Search(searchQuery, _passagesPerHop))
            {
                if (!context.Any(p => p.Id == hit.Passage.Id))
                {
                    context.Add(hit.Passage);
                }
            }
        }

        var answer = await _generateAnswer.PredictAsync(Inputs(context, question), cancellationToken).ConfigureAwait(false);
        fields.Add(KeyValuePair.Create("context", FormatContext(context)));
        fields.Add(KeyValuePair.Create("answer", answer["answer"]));
        return new Prediction(fields);
    }

    private static Dictionary<string, string> Inputs(IReadOnlyList<Passage> context, string question) => new(StringComparer.Ordinal)
    {
        ["context"] = FormatContext(context),
        ["question"] = question,
    };
}
