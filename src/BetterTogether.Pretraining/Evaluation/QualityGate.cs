using System.Globalization;
using System.Text;
using BetterTogether.Core.Examples;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Training;
using BetterTogether.Pretraining.Corpus;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>
/// Checks that a base model leaves room for both kinds of optimization: for each task family, the plain
/// program's zero-shot accuracy on held-out items, its accuracy with demos bootstrapped from correct train
/// traces (BootstrapFewShot-style) and with labeled train items as demos (LabeledFewShot-style), and its accuracy after a quick LoRA fine-tune on those traces
/// (BootstrapFinetune-style, without demos).
/// </summary>
/// <param name="lm">The model.</param>
/// <param name="options">The settings.</param>
/// <param name="log">Where progress lines go.</param>
public sealed class QualityGate(LocalChatModel lm, QualityGateOptions options, TextWriter log)
{
    /// <summary>Measures one task family.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Stops between items.</param>
    /// <returns>The figures.</returns>
    public GateResult Measure(GateTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(lm);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var none = new Dictionary<string, IReadOnlyList<Example>>();
        var trainCount = Math.Min(options.TrainItems, task.TrainCount);
        var testCount = Math.Min(options.TestItems, task.TestCount);
        var traces = new List<ProgramRun>();
        var sampled = 0;
        for (var i = 0; i < trainCount; i++)
        {
            // BootstrapFewShot's rounds: greedy first, then retries sampled at 0.7 + 0.001 x round until one is correct.
            for (var round = 0; round < options.TraceRounds; round++)
            {
                var sampling = round == 0 ? null : new GateSampling(0.7 + (0.001 * round), unchecked((options.Seed * 1_000_003) + (i * 101) + round));
                var run = task.Run(lm, test: false, i, none, null, sampling, cancellationToken);
                if (run.Correct)
                {
                    traces.Add(run);
                    sampled += round == 0 ? 0 : 1;
                    break;
                }
            }
        }

        Log($"{task.Name}: {traces.Count}/{trainCount} correct train traces ({sampled} from sampled retries)");
        var (zero, failures, _, zeroMisses) = Score(task, testCount, none, null, cancellationToken);
        Log($"{task.Name}: zero-shot {Pct(zero)} ({failures} unparsed){zeroMisses}");
        // BootstrapFewShot-style demo sets: correct traces first (set 0 in trace order, the others seeded shuffles,
        // as random search draws its candidates), then labeled train items (no reasoning) to fill up. One fixed set is
        // a noisy measure of in-context learning, so the figure is the mean over the sets.
        var bootstrapped = Enumerable.Range(0, options.DemoSets).Select(set => DemoSet(task, traces, options.MaxDemos, set)).ToList();
        var demoCount = bootstrapped.Max(demos => demos.Count == 0 ? 0 : demos.Values.Max(d => d.Count));
        var byset = ScoreDemoSets(task, testCount, "few-shot", bootstrapped, cancellationToken);
        var few = byset.Average();
        // LabeledFewShot-style demo sets: train items drawn by each set's seed, no reasoning; none when the task has none.
        var labeledSets = Enumerable.Range(0, options.DemoSets).Select(set => task.LabeledDemos(options.MaxDemos, unchecked((options.Seed * 7919) + 104_729 + set))).ToList();
        var labeled = options.MaxDemos == 0 || labeledSets[0].Count == 0 ? [] : ScoreDemoSets(task, testCount, "labeled few-shot", labeledSets, cancellationToken);
        var adapter = traces.Count == 0 ? null : FineTune(traces, cancellationToken);
        var (tuned, _, _, tunedMisses) = adapter is null ? (zero, 0, default, zeroMisses) : Score(task, testCount, none, adapter, cancellationToken);
        Log($"{task.Name}: LoRA {Pct(tuned)}{tunedMisses}");
        return new GateResult(task.Name, task.Chance, testCount, zero, few, tuned, traces.Count, trainCount, demoCount, failures)
        {
            FewShotLow = byset.Min(),
            FewShotHigh = byset.Max(),
            LabeledFewShot = labeled.Count == 0 ? null : labeled.Average(),
            LabeledFewShotLow = labeled.Count == 0 ? null : labeled.Min(),
            LabeledFewShotHigh = labeled.Count == 0 ? null : labeled.Max(),
            ChanceAccuracy = task.ChanceAccuracy,
        };
    }

    /// <summary>The figures as a markdown table.</summary>
    /// <param name="results">One row per family.</param>
    /// <returns>The table.</returns>
    public static string ToMarkdown(IEnumerable<GateResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder();
        sb.AppendLine("| task | chance | test items | zero-shot | few-shot (bootstrapped demos; mean, range over demo sets) | few-shot (labeled demos; mean, range) | LoRA on correct traces | correct train traces | gate |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var labeled = r.LabeledFewShot is { } l ? $"{Pct(l)} ({Pct(r.LabeledFewShotLow ?? l)}-{Pct(r.LabeledFewShotHigh ?? l)})" : "n/a";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Task} | {r.Chance} | {r.TestItems} | {Pct(r.ZeroShot)} | {Pct(r.FewShot)} ({r.Demos} demos; {Pct(r.FewShotLow)}-{Pct(r.FewShotHigh)}) | {labeled} | {Pct(r.Lora)} | {r.CorrectTraces}/{r.TrainItems} | {(r.Unmet.Count == 0 ? "met" : "not met: " + string.Join(", ", r.Unmet))} |");
        }

        return sb.ToString();
    }

    /// <summary>Accuracy per demo set, each logged, then their mean (<paramref name="kind"/> names the figure).</summary>
    private List<double> ScoreDemoSets(GateTask task, int testCount, string kind, IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<Example>>> sets, CancellationToken cancellationToken)
    {
        var byset = new List<double>(sets.Count);
        foreach (var demos in sets)
        {
            var (accuracy, _, dropped, misses) = Score(task, testCount, demos, null, cancellationToken);
            byset.Add(accuracy);
            Log($"{task.Name}: {kind} demo set {byset.Count}/{sets.Count}: {Pct(accuracy)}{(dropped.Calls == 0 ? string.Empty : $" ({dropped.Calls} calls dropped {dropped.Demos} of the {dropped.Offered} demos offered to fit the context)")}{misses}");
        }

        Log($"{task.Name}: {kind} {Pct(byset.Average())} (mean of {byset.Count} demo sets)");
        return byset;
    }

    /// <summary>Demos per predictor: correct traces (in order for set 0, else shuffled by the set's seed), then labeled items.</summary>
    private Dictionary<string, IReadOnlyList<Example>> DemoSet(GateTask task, List<ProgramRun> traces, int maxDemos, int set)
    {
        var order = traces.ToArray();
        if (set > 0)
        {
            new Random(unchecked((options.Seed * 7919) + set)).Shuffle(order);
        }

        var demos = order.SelectMany(t => t.Calls)
            .GroupBy(c => c.Predictor)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Example>)g.Take(maxDemos).Select(ToDemo).ToList());
        foreach (var (predictor, labeled) in task.LabeledDemos(maxDemos))
        {
            var have = demos.TryGetValue(predictor, out var d) ? d : [];
            demos[predictor] = have.Concat(labeled.Take(maxDemos - have.Count)).ToList();
        }

        return demos;
    }

    private static Example ToDemo(PredictorCall call)
    {
        var fields = call.Inputs.Concat(call.Outputs!).ToList();
        return new Example(fields, call.Inputs.Keys);
    }

    private (double Accuracy, int ParseFailures, DroppedDemos Dropped, MissCounts Misses) Score(GateTask task, int count, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos, LoraAdapter? adapter, CancellationToken cancellationToken)
    {
        var correct = 0;
        var failures = 0;
        var dropped = default(DroppedDemos);
        var misses = new MissCounts();
        for (var i = 0; i < count; i++)
        {
            var run = task.Run(lm, test: true, i, demos, adapter, null, cancellationToken);
            correct += run.Correct ? 1 : 0;
            failures += run.Calls.Any(c => c.Outputs is null) ? 1 : 0;
            dropped = dropped.Add(run.Calls, demos);
            misses.Add(run.Miss);
        }

        return ((double)correct / count, failures, dropped, misses);
    }

    private LoraAdapter FineTune(List<ProgramRun> traces, CancellationToken cancellationToken)
    {
        // BootstrapFinetune's data: every call of every correct trace, rendered without demos.
        var sequences = traces.SelectMany(t => t.Calls)
            .Select(c => lm.ToTrainingSequence(ChatRendering.Conversation(c.Signature, [], c.Inputs, c.Outputs!)))
            .ToList();
        var adapter = LoraAdapter.CreateInitialized(lm.Model.Config, new LoraConfig { Rank = options.LoraRank, Alpha = 2 * options.LoraRank }, options.Seed);
        var trainer = new LoraTrainer(lm.Model, adapter, new LoraTrainerOptions
        {
            LearningRate = options.LoraLearningRate,
            Epochs = options.LoraEpochs,
            BatchSize = 4,
            WarmupRatio = 0.1,
            CosineSchedule = true,
            MaxSequenceLength = lm.Model.Config.MaxPositionEmbeddings,
            Seed = options.Seed,
        });
        var result = trainer.Train(sequences, cancellationToken);
        Log(string.Create(CultureInfo.InvariantCulture, $"LoRA: {sequences.Count} sequences, {result.Steps} steps, loss {result.Losses[0]:F3} -> {result.Losses[^1]:F3}"));
        return adapter;
    }

    private static string Pct(double x) => string.Create(CultureInfo.InvariantCulture, $"{x * 100:F0}%");

    private void Log(string line) => log.WriteLine(line);
}
