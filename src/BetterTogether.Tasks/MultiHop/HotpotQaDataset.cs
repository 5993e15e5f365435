using System.Text.Json;
using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>
/// The bundled HotpotQA sample (1,100 dev-distractor questions: 300 train, 300 dev, 500 test; see
/// <c>Data/SOURCES.md</c>). The retrieval corpus is the union of all questions' paragraphs.
/// </summary>
public static class HotpotQaDataset
{
    private static readonly (string Resource, string Name)[] Files =
    [
        ("HotpotQa/rpt_train300.jsonl.gz", "train"),
        ("HotpotQa/rpt_dev300.jsonl.gz", "dev"),
        ("HotpotQa/rpt_test500.jsonl.gz", "test"),
    ];

    /// <summary>Loads the questions and builds the corpus (paragraphs deduplicated by title and text, first-seen order).</summary>
    /// <exception cref="DataFormatException">A bundled file is corrupt.</exception>
    public static MultiHopDataset<HotpotQuestion> Load()
    {
        var corpus = new CorpusBuilder();
        var sets = new List<List<HotpotQuestion>>();
        foreach (var (resource, _) in Files)
        {
            using var reader = BundledData.OpenText(resource);
            sets.Add(Read(reader, BundledData.DisplayName(resource), corpus).ToList());
        }

        return new MultiHopDataset<HotpotQuestion>(new DatasetSplit<HotpotQuestion>(sets[0], sets[1], sets[2]), corpus.Passages);
    }

    /// <summary>Reads HotpotQA JSONL in the Hugging Face layout (<c>context = {title: [...], sentences: [[...]]}</c>).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <exception cref="DataFormatException">A line is malformed or lacks a field.</exception>
    public static IReadOnlyList<HotpotQuestion> Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return Read(reader, fileName, new CorpusBuilder()).ToList();
    }

    private static IEnumerable<HotpotQuestion> Read(TextReader reader, string fileName, CorpusBuilder corpus)
    {
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new DataFormatException(fileName, lineNumber, (int)(ex.BytePositionInLine ?? 0) + 1, $"malformed JSON: {ex.Message}", innerException: ex);
            }

            using (document)
            {
                yield return Parse(document.RootElement, fileName, lineNumber, corpus);
            }
        }
    }

    private static HotpotQuestion Parse(JsonElement root, string fileName, int lineNumber, CorpusBuilder corpus)
    {
        try
        {
            var context = root.GetProperty("context");
            var titles = context.GetProperty("title").EnumerateArray().Select(t => t.GetString()!).ToList();
            var sentences = context.GetProperty("sentences").EnumerateArray().ToList();
            if (titles.Count != sentences.Count)
            {
                throw new DataFormatException(fileName, lineNumber, 1, $"context has {titles.Count} titles but {sentences.Count} paragraphs", "context");
            }

            var paragraphs = titles.Select((title, i) => corpus.Add(title, string.Concat(sentences[i].EnumerateArray().Select(s => s.GetString())))).ToList();
            var supporting = root.GetProperty("supporting_facts").GetProperty("title").EnumerateArray().Select(t => t.GetString()!).Distinct(StringComparer.Ordinal).ToList();
            return new HotpotQuestion(
                root.GetProperty("id").GetString()!,
                root.GetProperty("question").GetString()!,
                root.GetProperty("answer").GetString()!,
                root.GetProperty("type").GetString()!,
                supporting,
                paragraphs);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            throw new DataFormatException(fileName, lineNumber, 1, $"not a HotpotQA record: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>Collects unique paragraphs; a title seen with a different text gets id <c>title#2</c>, and so on.</summary>
    private sealed class CorpusBuilder
    {
        private readonly Dictionary<(string Title, string Text), Passage> _byContent = [];
        private readonly Dictionary<string, int> _titleCounts = new(StringComparer.Ordinal);

        public List<Passage> Passages { get; } = [];

        public Passage Add(string title, string text)
        {
            text = text.Trim();
            if (_byContent.TryGetValue((title, text), out var existing))
            {
                return existing;
            }

            var count = _titleCounts[title] = _titleCounts.GetValueOrDefault(title) + 1;
            var passage = new Passage(count == 1 ? title : $"{title}#{count}", title, text);
            _byContent[(title, text)] = passage;
            Passages.Add(passage);
            return passage;
        }
    }
}
