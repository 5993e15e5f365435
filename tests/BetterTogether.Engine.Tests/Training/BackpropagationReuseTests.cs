using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Training;

namespace BetterTogether.Engine.Tests.Training;

public sealed class BackpropagationReuseTests
{
    [Fact]
    public void Accumulate_AfterAnotherSequenceOfSameLength_BitIdenticalToFreshPass()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var adapter = PeftAdapter.Load(Path.Combine(Fixtures.Folder("tiny_llama"), "adapter"), model.Config);
        var exp = Fixtures.Expected("tiny_llama");
        var ids = Fixtures.Ints(exp["input_ids"]);
        var mask = Fixtures.Bools(exp["target_mask"]);
        var seq = new TrainingSequence(ids, mask);
        var other = new TrainingSequence(ids.Reverse().ToArray(), mask);

        var fresh = new Backpropagation(model, adapter, trainBaseWeights: false);
        var (freshLoss, _) = fresh.Accumulate(seq, 0.5f);

        var reused = new Backpropagation(model, adapter, trainBaseWeights: false);
        reused.Accumulate(other, 0.5f);
        reused.ZeroGradients();
        var (reusedLoss, _) = reused.Accumulate(seq, 0.5f);

        Assert.Equal(freshLoss, reusedLoss);
        Assert.Equal(fresh.LoraGradients, reused.LoraGradients);
        Assert.Contains(fresh.LoraGradients!, g => g != 0f);
    }
}
