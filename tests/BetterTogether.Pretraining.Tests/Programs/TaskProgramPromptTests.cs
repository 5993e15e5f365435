using BetterTogether.Core.Signatures;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.Programs;

namespace BetterTogether.Pretraining.Tests.Programs;

/// <summary>The main job's programs must prompt exactly as the bundled model was pretrained, or it sees a format it never learned.</summary>
public sealed class TaskProgramPromptTests
{
    public static TheoryData<string> Pairs => ["iris", "arithmetic", "query", "answer"];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void TaskProgramSignature_RendersTheSameSystemPromptAsThePretrainingCorpus(string name)
    {
        var (program, corpus) = name switch
        {
            "iris" => (IrisProgram.Signature, TaskSignatures.Iris),
            "arithmetic" => (ArithmeticProgram.Signature, TaskSignatures.Arithmetic),
            "query" => (MultiHopProgram.QuerySignature, TaskSignatures.GenerateQuery),
            _ => (MultiHopProgram.AnswerSignature, TaskSignatures.GenerateAnswer),
        };
        var inputs = program.InputFields.ToDictionary(f => f.Name, f => "x", StringComparer.Ordinal);
        Assert.Equal(System(corpus, inputs), System(program, inputs));
    }

    private static string System(Signature signature, Dictionary<string, string> inputs) =>
        ChatRendering.Request(TaskSignatures.WithReasoning(signature), [], inputs)[0].Content;
}
