using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Signatures;
using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Registry;

/// <summary>
/// A task from a user's own data file (<c>bt optimize --data FILE --inputs a,b --output label</c>): the records are
/// shuffled with the seed and cut into thirds (train gets any remainder), like the paper's Iris split.
/// </summary>
public static class DataFileTask
{
    /// <summary>The fewest records a file needs (one per set).</summary>
    public const int MinimumRecords = 3;

    /// <summary>Loads the file and builds the task.</summary>
    /// <param name="path">A <c>.csv</c> or <c>.jsonl</c> file.</param>
    /// <param name="columns">The input and output columns; names must be valid signature field names (letters, digits, underscores).</param>
    /// <param name="program">Predict or ChainOfThought.</param>
    /// <param name="metric">How to score the output column.</param>
    /// <param name="seed">The split seed.</param>
    /// <param name="missing">What to do with missing cells (counted either way; the count is in <see cref="TaskDefinition.DataNotes"/>).</param>
    /// <exception cref="DataFormatException">The file is invalid, has fewer than <see cref="MinimumRecords"/> usable records, or (<see cref="MissingValuePolicy.Fail"/>) has a missing cell.</exception>
    /// <exception cref="SignatureParseException">A column name is not a valid field name.</exception>
    public static TaskDefinition Create(string path, ColumnSelection columns, ProgramKind program = ProgramKind.ChainOfThought, TaskMetricKind metric = TaskMetricKind.Exact, int seed = 0, MissingValuePolicy missing = MissingValuePolicy.Keep)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        var (records, report) = DataFileLoader.Load(path, columns, missing);
        var task = Create(records, Path.GetFileName(path), path, columns, program, metric, seed);
        return report.Describe() is { } note ? task with { DataNotes = [note] } : task;
    }

    /// <summary>Builds the task from records already loaded.</summary>
    /// <param name="records">The records.</param>
    /// <param name="name">The task name (usually the file name).</param>
    /// <param name="source">Where the records came from, for error messages.</param>
    /// <param name="columns">The input and output columns.</param>
    /// <param name="program">Predict or ChainOfThought.</param>
    /// <param name="metric">How to score the output column.</param>
    /// <param name="seed">The split seed.</param>
    /// <exception cref="DataFormatException">There are fewer than <see cref="MinimumRecords"/> records.</exception>
    /// <exception cref="SignatureParseException">A column name is not a valid field name.</exception>
    public static TaskDefinition Create(IReadOnlyList<DataRecord> records, string name, string source, ColumnSelection columns, ProgramKind program, TaskMetricKind metric, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        if (records.Count < MinimumRecords)
        {
            throw new DataFormatException(source, records.Count == 0 ? 1 : records[^1].LineNumber, 1, $"only {records.Count} record(s); at least {MinimumRecords} are needed for train, dev and test");
        }

        var signature = Signature.Create(
            columns.Inputs.Select(c => new SignatureField(c, FieldKind.Input)).Append(new SignatureField(columns.Output, FieldKind.Output)));
        var examples = records
            .Select(r => new Example(r.Inputs.Append(KeyValuePair.Create(columns.Output, r.Output)), columns.Inputs))
            .ToList();
        new DeterministicRandom(StableHash.Seed(seed, "byo", name)).Shuffle(examples);
        var third = examples.Count / 3;
        var train = examples.Count - (2 * third);
        var split = new DatasetSplit<Example>(examples.Take(train).ToList(), examples.Skip(train).Take(third).ToList(), examples.Skip(train + third).ToList());
        return new TaskDefinition(
            name,
            $"{name}: {signature} ({program}, {metric})",
            lm => new PredictorProgram(program == ProgramKind.Predict ? new Predict("predict", signature, lm) : new ChainOfThought("predict", signature, lm)),
            split,
            TaskMetrics.For(metric, columns.Output),
            metric.ToString().ToLowerInvariant());
    }
}
