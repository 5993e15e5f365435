using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Programs;
using BetterTogether.Core.State;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.State;

public sealed class ProgramStateTests
{
    private static PredictorProgram Optimized(LanguageModel lm)
    {
        var program = PredictorProgram.ChainOfThought("question -> answer", lm.WithAdapter(new AdapterReference("bt-ft-1", "runs/r1/adapters/bt-ft-1")));
        program.Predictor.Signature = program.Predictor.Signature.WithInstructions("Add the two numbers.\nBe brief.");
        program.Predictor.Demos =
        [
            new Example([KeyValuePair.Create("question", "1+1"), KeyValuePair.Create("reasoning", "one plus one"), KeyValuePair.Create("answer", "2")], ["question"], augmented: true),
            Example.From(("question", "2+2"), ("answer", "4")).WithInputs("question"),
        ];
        return program;
    }

    [Fact]
    public void ToJsonFromJson_RoundTrip_RestoresEverything()
    {
        var lm = TestData.Lm(new ScriptedChatClient(_ => string.Empty));
        var json = ProgramState.Serialize(Optimized(lm));
        Assert.Contains("\"version\": 1", json, StringComparison.Ordinal);

        var fresh = PredictorProgram.ChainOfThought("question -> answer", lm);
        ProgramState.FromJson(json).ApplyTo(fresh);

        Assert.Equal("Add the two numbers.\nBe brief.", fresh.Predictor.Signature.Instructions);
        Assert.Equal(2, fresh.Predictor.Demos.Count);
        Assert.True(fresh.Predictor.Demos[0].Augmented);
        Assert.Equal("one plus one", fresh.Predictor.Demos[0]["reasoning"]);
        Assert.Equal(["question"], fresh.Predictor.Demos[1].InputKeys);
        Assert.Equal(new AdapterReference("bt-ft-1", "runs/r1/adapters/bt-ft-1"), fresh.Predictor.Lm!.Adapter);
        Assert.Equal(json, ProgramState.Serialize(fresh));
    }

    [Fact]
    public async Task SaveAsyncLoadAsync_File_RoundTrips()
    {
        var lm = TestData.Lm(new ScriptedChatClient(_ => string.Empty));
        var path = Path.Combine(Path.GetTempPath(), $"bt-state-{Guid.NewGuid():N}.json");
        try
        {
            var state = ProgramState.Capture(Optimized(lm));
            await state.SaveAsync(path);
            Assert.True(state.ContentEquals(await ProgramState.LoadAsync(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromJson_OtherVersion_ThrowsNamingVersion()
    {
        var error = Assert.Throws<ProgramStateException>(() => ProgramState.FromJson("{\"version\": 2, \"predictors\": []}"));
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_Malformed_ThrowsProgramStateException() =>
        Assert.Throws<ProgramStateException>(() => ProgramState.FromJson("{\"version\": 1, \"predictors\": [ {"));

    [Fact]
    public void ApplyTo_SignatureMismatch_Throws()
    {
        var lm = TestData.Lm(new ScriptedChatClient(_ => string.Empty));
        var state = ProgramState.Capture(Optimized(lm));
        var error = Assert.Throws<ProgramStateException>(() => state.ApplyTo(PredictorProgram.Predict("question -> answer", lm)));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyTo_AdapterWithoutLm_Throws()
    {
        var state = ProgramState.Capture(Optimized(TestData.Lm(new ScriptedChatClient(_ => string.Empty))));
        Assert.Throws<ProgramStateException>(() => state.ApplyTo(PredictorProgram.ChainOfThought("question -> answer")));
    }
}
