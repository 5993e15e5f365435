using BetterTogether.Core.Signatures;
using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Registry;

namespace BetterTogether.Cli.Optimize;

/// <summary>Builds the task a run optimizes: a built-in one or the user's data file, cut to the run's budgets.</summary>
internal static class OptimizeTaskFactory
{
    /// <summary>Creates the task; the train and dev sets are cut to <see cref="OptimizeOptions.TrainSize"/> and <see cref="OptimizeOptions.ValSize"/>, the test set to <see cref="OptimizeOptions.ValSize"/>. A size larger than the data is said once, in the run report's notes.</summary>
    /// <exception cref="OptimizeInputException">The data file is missing or invalid (the message names file, line and column), or a column name is not a valid field name.</exception>
    public static TaskDefinition Create(OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var task = options.DataFile is null ? TaskRegistry.Get(options.Task, options.Seed) : FromFile(options);
        var data = task.Data;
        return task with
        {
            Data = new DatasetSplit<Core.Examples.Example>(
                [.. data.Train.Take(options.TrainSize)],
                [.. data.Dev.Take(options.ValSize)],
                [.. data.Test.Take(options.ValSize)]),
        };
    }

    private static TaskDefinition FromFile(OptimizeOptions options)
    {
        var path = options.DataFile!;
        if (!File.Exists(path))
        {
            throw new OptimizeInputException($"--data: file '{Path.GetFullPath(path)}' does not exist.");
        }

        try
        {
            var columns = ColumnSelection.Parse(options.Inputs!, options.OutputField!);
            return DataFileTask.Create(path, columns, options.Program, options.Metric, options.Seed, options.Missing);
        }
        catch (DataFormatException e)
        {
            throw new OptimizeInputException(e.Message, e);
        }
        catch (SignatureParseException e)
        {
            throw new OptimizeInputException($"--inputs/--output-field: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new OptimizeInputException($"--inputs/--output-field: {e.Message}", e);
        }
    }
}
