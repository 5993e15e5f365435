using System.Text.Json;
using System.Text.RegularExpressions;
using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Arithmetic;

/// <summary>
/// GSM8K (Cobbe et al. 2021): a bundled subset (the first 400 train lines and the first 300 test lines,
/// in file order; see <c>Data/SOURCES.md</c>) and a reader for the full files.
/// </summary>
public static partial class Gsm8kDataset
{
    /// <summary>Train items in the bundled subset (lines 1-200 of GSM8K train).</summary>
    public const int TrainCount = 200;

    /// <summary>Dev items in the bundled subset (lines 201-400 of GSM8K train).</summary>
    public const int DevCount = 200;

    /// <summary>Test items in the bundled subset (lines 1-300 of GSM8K test).</summary>
    public const int TestCount = 300;

    private const string AnswerMarker = "####";
    private const string TrainResource = "Gsm8k/train_first400.jsonl";
    private const string TestResource = "Gsm8k/test_first300.jsonl";

    /// <summary>The bundled subset: 200 train, 200 dev, 300 test, in file order.</summary>
    /// <exception cref="DataFormatException">A bundled file is corrupt.</exception>
    public static DatasetSplit<ArithmeticProblem> Load()
    {
        var train = ReadBundled(TrainResource, "gsm8k-train");
        var test = ReadBundled(TestResource, "gsm8k-test");
        return new DatasetSplit<ArithmeticProblem>(train.Take(TrainCount).ToList(), train.Skip(TrainCount).Take(DevCount).ToList(), test.Take(TestCount).ToList());
    }

    /// <summary>Reads a GSM8K JSONL file (<c>{"question": ..., "answer": "... #### N"}</c> per line).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The name used in ids and error messages.</param>
    /// <param name="idPrefix">Ids are <c>{idPrefix}-{line}</c>.</param>
    /// <exception cref="DataFormatException">A line is not valid JSON, lacks a field, or its answer lacks <c>####</c>.</exception>
    public static IReadOnlyList<ArithmeticProblem> Read(TextReader reader, string fileName, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(idPrefix);
        var columns = new ColumnSelection(["question"], "answer");
        var records = DataFileLoader.Load(reader, fileName, DataFileFormat.JsonLines, columns);
        return records.Select(r => FromRecord(r, fileName, idPrefix)).ToList();
    }

    /// <summary>Splits a GSM8K answer into reasoning (calculator annotations removed) and the final answer.</summary>
    /// <param name="answer">The GSM8K answer text.</param>
    /// <param name="reasoning">The text before <c>####</c>.</param>
    /// <param name="finalAnswer">The text after <c>####</c>, with commas removed.</param>
    /// <returns>Whether the answer has a <c>####</c> marker followed by a value.</returns>
    public static bool TrySplitAnswer(string answer, out string reasoning, out string finalAnswer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var marker = answer.LastIndexOf(AnswerMarker, StringComparison.Ordinal);
        reasoning = string.Empty;
        finalAnswer = string.Empty;
        if (marker < 0)
        {
            return false;
        }

        finalAnswer = answer[(marker + AnswerMarker.Length)..].Trim().Replace(",", string.Empty, StringComparison.Ordinal);
        reasoning = CalculatorAnnotation().Replace(answer[..marker], string.Empty).Trim();
        return finalAnswer.Length > 0;
    }

    private static List<ArithmeticProblem> ReadBundled(string resource, string idPrefix)
    {
        using var reader = BundledData.OpenText(resource);
        return Read(reader, BundledData.DisplayName(resource), idPrefix).ToList();
    }

    private static ArithmeticProblem FromRecord(DataRecord record, string fileName, string idPrefix)
    {
        if (!TrySplitAnswer(record.Output, out var reasoning, out var final))
        {
            throw new DataFormatException(fileName, record.LineNumber, 1, "the answer has no '#### <number>' marker", "answer");
        }

        return new ArithmeticProblem($"{idPrefix}-{record.LineNumber}", record.Inputs["question"], reasoning, final);
    }

    [GeneratedRegex(@"<<[^<>]*>>", RegexOptions.CultureInvariant)]
    private static partial Regex CalculatorAnnotation();
}
