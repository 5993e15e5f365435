using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Training;

namespace BetterTogether.Engine.Tests.Training;

public sealed class DropoutGradientTests
{
    [Fact]
    public void Accumulate_WithLoraDropout_MatchesFiniteDifferences()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var loaded = PeftAdapter.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "adapter"), model.Config);
        var adapter = new LoraAdapter(model.Config, loaded.Config with { Dropout = 0.3 });
        loaded.Parameters.CopyTo(adapter.Parameters, 0);
        var exp = Fixtures.Expected("tiny_llama");
        var seq = new TrainingSequence(Fixtures.Ints(exp["input_ids"]), Fixtures.Bools(exp["target_mask"]));
        var pass = new Backpropagation(model, adapter, trainBaseWeights: false);
        pass.Accumulate(seq, 1f, new Random(9));
        var grads = pass.LoraGradients!;

        double Loss()
        {
            var p = new Backpropagation(model, adapter, trainBaseWeights: false);
            return p.Accumulate(seq, 1f, new Random(9)).LossSum;
        }

        var largest = Enumerable.Range(0, grads.Length).OrderByDescending(i => MathF.Abs(grads[i])).Take(4);
        foreach (var i in largest)
        {
            const float h = 1e-2f;
            var keep = adapter.Parameters[i];
            adapter.Parameters[i] = keep + h;
            var up = Loss();
            adapter.Parameters[i] = keep - h;
            var down = Loss();
            adapter.Parameters[i] = keep;
            var numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - grads[i]) <= 0.02 * Math.Abs(grads[i]) + 1e-3, $"param {i}: analytic {grads[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Train_AccumulationVersusLargerBatch_SameParameters()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        LoraAdapter Run(int batch, int accumulation)
        {
            var adapter = LoraAdapter.CreateInitialized(model.Config, new LoraConfig { Rank = 4 }, seed: 1);
            new LoraTrainer(model, adapter, new LoraTrainerOptions { BatchSize = batch, GradientAccumulationSteps = accumulation, Epochs = 2, LearningRate = 1e-2, Seed = 2 })
                .Train(LoraTrainerTests.Dataset(8));
            return adapter;
        }

        Assert.Equal(Run(4, 1).Parameters, Run(2, 2).Parameters);
    }
}
