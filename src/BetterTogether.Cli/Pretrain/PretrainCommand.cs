using System.CommandLine;
using BetterTogether.Pretraining.Training;

namespace BetterTogether.Cli.Pretrain;

/// <summary>The <c>bt pretrain</c> subcommand: reproduces the bundled base model.</summary>
internal static class PretrainCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="log">Where progress goes (the console's standard output when null).</param>
    /// <param name="errors">Where a bad option or an unusable folder is reported (standard error when null).</param>
    public static Command Create(TextWriter? log = null, TextWriter? errors = null)
    {
        var defaults = new PretrainOptions();
        var seed = new Option<int>("--seed") { Description = "Seed of the corpus, the initial weights and the data order.", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string>("--output") { Description = "The model folder to write.", DefaultValueFactory = _ => defaults.OutputFolder };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps (the corpus holds steps x batch documents).", DefaultValueFactory = _ => defaults.Steps };
        var batch = new Option<int>("--batch") { Description = "Documents per optimizer step.", DefaultValueFactory = _ => defaults.SequencesPerStep };
        var minutes = new Option<double?>("--minutes") { Description = "Stop after this many minutes of wall time (checkpointed; rerun to resume)." };
        var hidden = new Option<int>("--hidden") { Description = "Residual width.", DefaultValueFactory = _ => defaults.HiddenSize };
        var layers = new Option<int>("--layers") { Description = "Decoder layers.", DefaultValueFactory = _ => defaults.Layers };
        var mlp = new Option<int>("--mlp") { Description = "MLP width.", DefaultValueFactory = _ => defaults.IntermediateSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder (resumed from when present).", DefaultValueFactory = _ => defaults.CheckpointFolder };
        var dump = new Option<int>("--dump-corpus") { Description = "Write this many rendered corpus documents next to the output folder." };
        var initFrom = new Option<string?>("--init-from") { Description = "Continue pretraining from this model folder (its weights and tokenizer)." };
        var assistantOnly = new Option<bool>("--assistant-loss-only") { Description = "Train only on the assistant replies instead of every token of a document." };
        var warmup = new Option<int>("--warmup-steps") { Description = "Most steps of the random-token copy phase that opens a run from scratch (0: none).", DefaultValueFactory = _ => defaults.InductionWarmupSteps };
        var warmupTarget = new Option<double>("--warmup-target-loss") { Description = "End the copy phase once its mean copy loss over 100 steps is below this (0: run all its steps).", DefaultValueFactory = _ => defaults.InductionWarmupTargetLoss };
        var export = new Option<string?>("--export-stream") { Description = "Write the tokenizer, initial weights and tokenized training stream to this folder instead of training (to replay the recipe with another trainer)." };
        var command = new Command("pretrain", "Make the bundled base model: generate the corpus, train the tokenizer and the model, write an HF folder.");
        foreach (var option in new Option[] { seed, output, steps, batch, minutes, hidden, layers, mlp, lr, checkpoint, dump, initFrom, assistantOnly, warmup, warmupTarget, export })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = defaults with
            {
                Seed = parseResult.GetValue(seed),
                OutputFolder = parseResult.GetValue(output) ?? defaults.OutputFolder,
                Steps = parseResult.GetValue(steps),
                SequencesPerStep = parseResult.GetValue(batch),
                MaxWallTime = parseResult.GetValue(minutes) is { } m ? TimeSpan.FromMinutes(m) : null,
                HiddenSize = parseResult.GetValue(hidden),
                Layers = parseResult.GetValue(layers),
                IntermediateSize = parseResult.GetValue(mlp),
                LearningRate = parseResult.GetValue(lr),
                CheckpointFolder = parseResult.GetValue(checkpoint) ?? defaults.CheckpointFolder,
                DumpCorpusDocuments = parseResult.GetValue(dump),
                InitFrom = parseResult.GetValue(initFrom),
                LossOnAllTokens = !parseResult.GetValue(assistantOnly),
                InductionWarmupSteps = parseResult.GetValue(warmup),
                InductionWarmupTargetLoss = parseResult.GetValue(warmupTarget),
            };
            try
            {
                var pretrainer = new Pretrainer(options, log ?? Console.Out);
                if (parseResult.GetValue(export) is { } exportFolder)
                {
                    pretrainer.Export(exportFolder);
                    return Task.FromResult(0);
                }

                var result = pretrainer.Run(cancellationToken);
                return Task.FromResult(result.StoppedEarly ? 2 : 0);
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                // Bad options or an unusable folder: say what was wrong, without a stack trace.
                (errors ?? Console.Error).WriteLine($"bt pretrain: {CliErrors.Describe(e)}");
                return Task.FromResult(1);
            }
        });
        return command;
    }
}
