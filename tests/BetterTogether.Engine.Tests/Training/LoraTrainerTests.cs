using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Training;

namespace BetterTogether.Engine.Tests.Training;

public sealed class LoraTrainerTests
{
    private static readonly LoraTrainerOptions Options = new()
    {
        LearningRate = 2e-2,
        BatchSize = 4,
        GradientAccumulationSteps = 2,
        Epochs = 4,
        WarmupRatio = 0.1,
        CosineSchedule = true,
        WeightDecay = 0.01,
        Seed = 11,
    };

    [Fact]
    public void Train_SmallDataset_LossDropsAndSavedAdapterReloadsToSameOutputs()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var adapter = LoraAdapter.CreateInitialized(model.Config, new LoraConfig { Rank = 8, Alpha = 16, Dropout = 0.05 }, seed: 3);
        var trainer = new LoraTrainer(model, adapter, Options with { Epochs = 8 });
        var progress = new List<TrainingProgress>();
        trainer.StepCompleted += (_, p) => progress.Add(p);
        var data = Dataset(16);

        var result = trainer.Train(data);

        Assert.Equal(LoraTrainer.CountSteps(16, Options with { Epochs = 8 }), result.Steps);
        Assert.Equal(result.Steps, progress.Count);
        Assert.All(progress, p => Assert.True(p.TokensPerSecond > 0));
        var first = result.Losses.Take(2).Average();
        var last = result.Losses.TakeLast(2).Average();
        Assert.True(last < first * 0.3, $"loss went from {first} to {last}");

        var folder = Fixtures.TempFolder();
        PeftAdapter.Save(adapter, folder);
        var reloaded = PeftAdapter.Load(folder, model.Config);
        var ids = data[0].Tokens.ToArray();
        Assert.Equal(model.Forward(ids, adapter), model.Forward(ids, reloaded));
        Assert.NotEqual(model.Forward(ids), model.Forward(ids, reloaded));
    }

    [Fact]
    public void Train_SameSeedTwice_IsDeterministic()
    {
        var a = TrainFresh(Options);
        var b = TrainFresh(Options);
        Assert.Equal(a.Parameters, b.Parameters);
    }

    [Fact]
    public void LoadCheckpoint_AfterCancellation_ResumesToSameParameters()
    {
        var straight = TrainFresh(Options);

        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var first = LoraAdapter.CreateInitialized(model.Config, new LoraConfig { Dropout = 0.1 }, seed: 5);
        var trainer = new LoraTrainer(model, first, Options);
        using var cts = new CancellationTokenSource();
        trainer.StepCompleted += (_, p) =>
        {
            if (p.Step == 3)
            {
                cts.Cancel();
            }
        };
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(Dataset(16), cts.Token));
        Assert.Equal(3, trainer.CompletedSteps);
        var folder = Fixtures.TempFolder();
        trainer.SaveCheckpoint(folder);

        var resumedAdapter = LoraAdapter.CreateInitialized(model.Config, new LoraConfig { Dropout = 0.1 }, seed: 99);
        var resumed = new LoraTrainer(model, resumedAdapter, Options);
        resumed.LoadCheckpoint(folder);
        resumed.Train(Dataset(16));
        Assert.Equal(straight.Parameters, resumedAdapter.Parameters);
    }

    [Fact]
    public void Train_FullParameters_LossDrops()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_qwen2"));
        var before = (float[])model.Weights.Clone();
        var trainer = new LoraTrainer(model, null, Options with { TrainBaseWeights = true, LearningRate = 5e-3 });
        var result = trainer.Train(Dataset(16));
        Assert.True(result.Losses.TakeLast(2).Average() < result.Losses.Take(2).Average() * 0.5);
        Assert.NotEqual(before, model.Weights);
    }

    [Fact]
    public void Train_WithoutShuffling_KeepsTheGivenOrderWhateverTheSeed()
    {
        float[] Train(bool shuffle, int seed)
        {
            var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
            new LoraTrainer(model, null, Options with { TrainBaseWeights = true, ShuffleData = shuffle, Seed = seed }).Train(Dataset(16));
            return model.Weights;
        }

        // Full-parameter training has no dropout, so with a fixed order the seed changes nothing.
        Assert.Equal(Train(shuffle: false, seed: 1), Train(shuffle: false, seed: 2));
        Assert.NotEqual(Train(shuffle: true, seed: 1), Train(shuffle: true, seed: 2));
    }

    [Fact]
    public void LearningRateSchedule_WarmupThenCosine_RisesThenFallsToZero()
    {
        var s = new LearningRateSchedule(1.0, 2, 10, Cosine: true);
        Assert.Equal(0.5, s.At(0), 6);
        Assert.Equal(1.0, s.At(1), 6);
        Assert.Equal(1.0, s.At(2), 6);
        Assert.True(s.At(6) < s.At(3));
        Assert.Equal(0.0, s.At(10), 6);
        Assert.Equal(1.0, new LearningRateSchedule(1.0, 0, 10, Cosine: false).At(9), 6);
    }

    private static LoraAdapter TrainFresh(LoraTrainerOptions options)
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var adapter = LoraAdapter.CreateInitialized(model.Config, new LoraConfig { Dropout = 0.1 }, seed: 5);
        new LoraTrainer(model, adapter, options).Train(Dataset(16));
        return adapter;
    }

    /// <summary>A fixed mapping to learn: prompt "1 a b c 50", answer "f(a) f(b) f(c)" with f(x) = (7x + 3) mod 97.</summary>
    internal static List<TrainingSequence> Dataset(int count)
    {
        var rng = new Random(42);
        var list = new List<TrainingSequence>();
        for (var i = 0; i < count; i++)
        {
            int[] p = [rng.Next(4, 97), rng.Next(4, 97), rng.Next(4, 97)];
            int[] tokens = [1, p[0], p[1], p[2], 50, ((7 * p[0]) + 3) % 97, ((7 * p[1]) + 3) % 97, ((7 * p[2]) + 3) % 97];
            list.Add(new TrainingSequence(tokens, [false, false, false, false, false, true, true, true]));
        }

        return list;
    }
}
