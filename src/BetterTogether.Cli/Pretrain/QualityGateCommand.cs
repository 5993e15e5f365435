using System.CommandLine;
using BetterTogether.Pretraining.Evaluation;
using BetterTogether.Pretraining.Training;

namespace BetterTogether.Cli.Pretrain;

/// <summary>The <c>bt quality-gate</c> subcommand: zero-shot, few-shot and LoRA accuracy of a base model per task family.</summary>
internal static class QualityGateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new QualityGateOptions();
        var model = new Option<string>("--model") { Description = "The model folder.", DefaultValueFactory = _ => new PretrainOptions().OutputFolder };
        var items = new Option<int>("--items") { Description = "Held-out test items per family (at most what a family has: Iris has 50).", DefaultValueFactory = _ => defaults.TestItems };
        var train = new Option<int>("--train") { Description = "Train items per family (run zero-shot to collect correct traces).", DefaultValueFactory = _ => defaults.TrainItems };
        var tasks = new Option<string>("--tasks") { Description = "Comma-separated families: iris, arithmetic, multihop.", DefaultValueFactory = _ => "iris,arithmetic,multihop" };
        var noWrite = new Option<bool>("--no-readme") { Description = "Do not write the figures into the model's README.md." };
        var show = new Option<bool>("--show-replies") { Description = "Print every model reply." };
        var maxDemos = new Option<int>("--max-demos") { Description = "Most demos per predictor in the few-shot condition.", DefaultValueFactory = _ => defaults.MaxDemos };
        var demoSets = new Option<int>("--demo-sets") { Description = "Demo sets each few-shot figure averages over (bootstrapped: the first correct traces, then seeded shuffles; labeled: seeded draws of train items).", DefaultValueFactory = _ => defaults.DemoSets };
        var rounds = new Option<int>("--trace-rounds") { Description = "Attempts per train item when collecting correct traces (the first greedy, the rest sampled at temperature 0.7).", DefaultValueFactory = _ => defaults.TraceRounds };
        var loraLr = new Option<double>("--lora-lr") { Description = "Learning rate of the LoRA fine-tune.", DefaultValueFactory = _ => defaults.LoraLearningRate };
        var loraEpochs = new Option<int>("--lora-epochs") { Description = "Passes of the LoRA fine-tune over the correct traces.", DefaultValueFactory = _ => defaults.LoraEpochs };
        var command = new Command("quality-gate", "Measure a base model: zero-shot, few-shot and LoRA fine-tuned accuracy of the plain program per task family.");
        foreach (var option in new Option[] { model, items, train, tasks, noWrite, show, maxDemos, demoSets, rounds, loraLr, loraEpochs })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            var folder = parseResult.GetValue(model)!;
            var options = defaults with
            {
                TestItems = parseResult.GetValue(items),
                TrainItems = parseResult.GetValue(train),
                MaxDemos = parseResult.GetValue(maxDemos),
                DemoSets = parseResult.GetValue(demoSets),
                TraceRounds = parseResult.GetValue(rounds),
                LoraLearningRate = parseResult.GetValue(loraLr),
                LoraEpochs = parseResult.GetValue(loraEpochs),
            };
            options.Validate();
            var lm = LocalChatModel.Load(folder);
            if (parseResult.GetValue(show))
            {
                lm.ReplyObserver = reply => Console.WriteLine("--- reply ---\n" + reply);
            }

            var gate = new QualityGate(lm, options, Console.Out);
            var results = new List<GateResult>();
            foreach (var name in (parseResult.GetValue(tasks) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                GateTask task = name switch
                {
                    "iris" => new IrisGateTask(),
                    "arithmetic" => new ArithmeticGateTask(options.TrainItems, options.TestItems),
                    "multihop" or "multi-hop" => new MultiHopGateTask(options.TrainItems, options.TestItems),
                    _ => throw new ArgumentException($"--tasks: unknown family '{name}' (iris, arithmetic, multihop)."),
                };
                results.Add(gate.Measure(task, cancellationToken));
            }

            var table = QualityGate.ToMarkdown(results);
            Console.WriteLine();
            Console.WriteLine(table);
            if (!parseResult.GetValue(noWrite))
            {
                ModelCard.WriteGateSection(folder, "## Quality gate\n\nMeasured by `bt quality-gate` (greedy decoding on test items; train traces from up to "
                    + options.TraceRounds + " attempts per item, the first greedy, the rest sampled at temperature 0.7; up to "
                    + options.MaxDemos + " demos bootstrapped from the correct ones, few-shot averaged over " + options.DemoSets + " demo sets; labeled few-shot: "
                    + options.MaxDemos + " train items drawn at random as demos, question and answer only, averaged over " + options.DemoSets + " seeded draws; LoRA rank " + options.LoraRank + ", learning rate "
                    + options.LoraLearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", " + options.LoraEpochs + " epochs on those traces, without demos). The gate column checks the issue's conditions: zero-shot at least "
                    + (GateResult.ClearMargin * 100).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " points above chance and below "
                    + (GateResult.FarFromPerfect * 100).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " %, demos raising it (either few-shot mean above zero-shot: the prompt optimizer's random search draws on both kinds), and LoRA above zero-shot:\n\n" + table);
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
