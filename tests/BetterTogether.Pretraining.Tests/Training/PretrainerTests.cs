using BetterTogether.Engine.Model;
using BetterTogether.Pretraining.Evaluation;
using BetterTogether.Pretraining.Training;

namespace BetterTogether.Pretraining.Tests.Training;

public sealed class PretrainerTests
{
    private static PretrainOptions Tiny(string root, string name) => new()
    {
        Seed = 7,
        OutputFolder = Path.Combine(root, name),
        CheckpointFolder = Path.Combine(root, name + "-ckpt"),
        Steps = 4,
        SequencesPerStep = 2,
        CheckpointEvery = 1,
        LogEvery = 1,
        VocabSize = 400,
        TokenizerSampleDocuments = 8,
        HiddenSize = 32,
        IntermediateSize = 64,
        Layers = 1,
        Heads = 2,
        KeyValueHeads = 1,
        ContextLength = 1024,
        InductionWarmupSteps = 3,
        InductionWarmupBatch = 2,
    };

    [Fact]
    public void Run_InterruptedThenResumed_SameWeightsAsAnUninterruptedRun()
    {
        using var temp = new TempRoot("bt-pretrain-");
        var root = temp.Path;
        var straight = new Pretrainer(Tiny(root, "a"), TextWriter.Null).Run();
        Assert.Equal(straight.StepsPlanned, straight.StepsDone);
        Assert.True(straight.StepsDone >= 3);

        using var cts = new CancellationTokenSource();
        var interrupted = new Pretrainer(Tiny(root, "b"), new CancellingWriter("step 2/", cts)).Run(cts.Token);
        Assert.True(interrupted.StoppedEarly);
        Assert.True(File.Exists(Path.Combine(root, "b-ckpt", "trainer_state.json")));
        var resumed = new Pretrainer(Tiny(root, "b"), TextWriter.Null).Run();

        Assert.Equal(straight.StepsDone, resumed.StepsDone);
        Assert.False(Directory.Exists(Path.Combine(root, "b-ckpt")));
        Assert.Equal(LlamaModel.Load(Path.Combine(root, "a")).Weights, LlamaModel.Load(Path.Combine(root, "b")).Weights);
        Assert.Equal(straight.LossCurve.Select(p => p.Loss), resumed.LossCurve.Select(p => p.Loss));
        Assert.Equal(3, resumed.WarmupSteps);
        Assert.Contains("3 steps × 2 random-token copy sequences before the corpus;", File.ReadAllText(Path.Combine(root, "b", "README.md")), StringComparison.Ordinal);

        var lm = LocalChatModel.Load(Path.Combine(root, "a"));
        Assert.Equal(400, lm.Model.Config.VocabSize);
        Assert.Contains("bt pretrain --seed 7 --steps 4", File.ReadAllText(Path.Combine(root, "a", "README.md")), StringComparison.Ordinal);

        // Continued pretraining keeps the tokenizer and records both stages.
        var continued = new Pretrainer(Tiny(root, "c") with { Seed = 8, InitFrom = Path.Combine(root, "a") }, TextWriter.Null).Run();
        Assert.Equal(continued.StepsPlanned, continued.StepsDone);
        Assert.Equal(File.ReadAllText(Path.Combine(root, "a", "tokenizer.json")), File.ReadAllText(Path.Combine(root, "c", "tokenizer.json")));
        var card = File.ReadAllText(Path.Combine(root, "c", "README.md"));
        Assert.Contains("bt pretrain --seed 7 --steps 4", card, StringComparison.Ordinal);
        Assert.Contains("bt pretrain --seed 8 --steps 4 --init-from", card, StringComparison.Ordinal);
        Assert.Contains("Earlier stage", card, StringComparison.Ordinal);

        // The gate runs end to end on the barely trained model: labeled demos fill in for missing correct traces.
        using var gateLog = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var gate = new QualityGate(lm, new QualityGateOptions { TestItems = 2, TrainItems = 2, MaxDemos = 3, DemoSets = 2 }, gateLog).Measure(new IrisGateTask());
        Assert.Equal(2, gate.TestItems);
        Assert.Equal(3, gate.Demos);
        Assert.InRange(gate.ZeroShot, 0, 1);
        Assert.Contains("few-shot demo set 2/2", gateLog.ToString(), StringComparison.Ordinal);
        Assert.InRange(gate.FewShot, gate.FewShotLow, gate.FewShotHigh);
        Assert.Contains("| iris | 33% | 2 |", QualityGate.ToMarkdown([gate]), StringComparison.Ordinal);

        // Demos that would crowd the reply out of the context are dropped, last first; the rest stay.
        var iris = new IrisGateTask();
        var crowded = iris.Run(lm, test: true, 0, iris.LabeledDemos(50), null, null, CancellationToken.None).Calls[0];
        Assert.InRange(crowded.DemosDropped, 1, 49);
    }

    [Fact]
    public void Run_CopyLossBelowTarget_EndsTheWarmupAtThatWindow()
    {
        using var temp = new TempRoot("bt-pretrain-");
        var root = temp.Path;
        // A target above any copy loss is met by the first 100-step window; the cap of 250 is not reached.
        using var log = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var result = new Pretrainer(Tiny(root, "a") with { InductionWarmupSteps = 250, InductionWarmupTargetLoss = 50 }, log).Run();

        Assert.Equal(100, result.WarmupSteps);
        Assert.Contains("Copy loss below 50: the warm-up ends at step 100.", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(result.StepsPlanned, result.StepsDone);
        var card = File.ReadAllText(Path.Combine(root, "a", "README.md"));
        Assert.Contains("100 steps × 2 random-token copy sequences before the corpus (ended when the copy loss over 100 steps fell below 50; cap 250)", card, StringComparison.Ordinal);
        Assert.Contains("--warmup-steps 250 --warmup-target-loss 50", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_WritesTheStreamARunTrainsOn_WithItsInitialWeightsAndTokenizer()
    {
        using var temp = new TempRoot("bt-pretrain-export-");
        var root = temp.Path;
        var run = new Pretrainer(Tiny(root, "run"), TextWriter.Null).Run();
        var folder = Path.Combine(root, "stream");
        new Pretrainer(Tiny(root, "unused"), TextWriter.Null).Export(folder);

        // The corpus phase holds exactly the sequences and tokens the run trained on; the warm-up phase its copy sequences.
        var corpus = ReadPhase(folder, "corpus");
        Assert.Equal(run.Documents, corpus.Offsets.Length - 1);
        Assert.Equal(run.Tokens, corpus.Offsets[^1]);
        Assert.Equal(run.Tokens, corpus.Tokens.Length);
        Assert.Equal(run.TargetTokens, corpus.Targets.Count(t => t == 1));
        Assert.All(corpus.Tokens, t => Assert.InRange(t, 0, 399));
        var warmup = ReadPhase(folder, "warmup");
        Assert.Equal(3 * 2, warmup.Offsets.Length - 1);
        Assert.Equal(warmup.Offsets[^1], warmup.Targets.Length);

        // The initial weights are the run's seed-7 initialisation; the tokenizer is the run's.
        var initial = LlamaModel.Load(folder);
        Assert.Equal(LlamaModel.CreateRandom(initial.Config, 7).Weights, initial.Weights);
        Assert.Equal(File.ReadAllText(Path.Combine(root, "run", "tokenizer.json")), File.ReadAllText(Path.Combine(folder, "tokenizer.json")));
        var recipe = File.ReadAllText(Path.Combine(folder, "stream.json"));
        Assert.Contains("\"batch\": 2", recipe, StringComparison.Ordinal);
        Assert.Contains($"\"warmup_target_window\": {InductionWarmup.Window}", recipe, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "unused")));

        Assert.Throws<ArgumentException>(() => new Pretrainer(Tiny(root, "x") with { InitFrom = Path.Combine(root, "run") }, TextWriter.Null).Export(Path.Combine(root, "y")));

        // A stream never lands on a model folder: its weights are a random initialisation.
        var model = File.ReadAllBytes(Path.Combine(root, "run", "model.safetensors"));
        var error = Assert.Throws<IOException>(() => new Pretrainer(Tiny(root, "x"), TextWriter.Null).Export(Path.Combine(root, "run")));
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(model, File.ReadAllBytes(Path.Combine(root, "run", "model.safetensors")));
    }

    private static (long[] Offsets, int[] Tokens, byte[] Targets) ReadPhase(string folder, string name)
    {
        var offsets = File.ReadAllBytes(Path.Combine(folder, name + ".offsets.i64"));
        var tokens = File.ReadAllBytes(Path.Combine(folder, name + ".tokens.i32"));
        return (
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(offsets).ToArray(),
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(tokens).ToArray(),
            File.ReadAllBytes(Path.Combine(folder, name + ".targets.u8")));
    }

    /// <summary>A fresh temp folder, deleted with everything in it on dispose.</summary>
    private sealed class TempRoot(string prefix) : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class CancellingWriter(string trigger, CancellationTokenSource cts) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            if (value?.StartsWith(trigger, StringComparison.Ordinal) == true)
            {
                cts.Cancel();
            }
        }
    }
}
