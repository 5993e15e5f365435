using BetterTogether.Core.Adapters;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Pretraining.Training;
using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.Classification;
using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.Iris;
using BetterTogether.Tasks.MultiHop;

namespace BetterTogether.Pretraining.Tests.Corpus;

public sealed class PretrainingCorpusTests
{
    /// <summary>Task-family documents only (no reading drills), for the mix, format and leakage checks.</summary>
    private static readonly CorpusOptions TasksOnly = new() { Seed = 0, Documents = 400, BareWarmupDocuments = 0, ReadingShare = 0, CalculationShare = 0, ComparisonShare = 0 };

    private static readonly IReadOnlyList<CorpusDocument> Documents = PretrainingCorpus.Generate(TasksOnly);

    /// <summary>The default mix: bare warm-up drills first, then task documents with reading drills mixed in.</summary>
    private static readonly IReadOnlyList<CorpusDocument> WithDrills = PretrainingCorpus.Generate(new CorpusOptions { Seed = 0, Documents = 1000, BareWarmupDocuments = 300 });

    private static string Text(CorpusDocument d) => string.Join("\n", d.Turns.Select(t => t.Content));

    [Fact]
    public void Generate_SameSeed_SameRenderedText()
    {
        var again = PretrainingCorpus.Generate(TasksOnly);
        Assert.Equal(Documents.Select(Text), again.Select(Text));
        Assert.Equal(WithDrills.Select(Text), PretrainingCorpus.Generate(new CorpusOptions { Seed = 0, Documents = 1000, BareWarmupDocuments = 300 }).Select(Text));
    }

    [Fact]
    public void Generate_OtherSeed_OtherDocuments()
    {
        var other = PretrainingCorpus.Generate(TasksOnly with { Seed = 1, Documents = 50 });
        Assert.NotEqual(Documents.Take(50).Select(Text), other.Select(Text));
    }

    [Fact]
    public void Generate_AllFamilies_InTheConfiguredMix()
    {
        var counts = Documents.GroupBy(d => d.Family).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts[TaskFamily.Classification], 140, 220);
        Assert.InRange(counts[TaskFamily.Arithmetic], 70, 130);
        Assert.InRange(counts[TaskFamily.MultiHop], 90, 150);
        Assert.Contains(Documents, d => d.Predictor == "generate_query_0");
        Assert.Contains(Documents, d => d.Predictor == "generate_query_1");
        Assert.Contains(Documents, d => d.Predictor == "generate_answer");
    }

    [Fact]
    public void Generate_EveryReply_ParsesWithItsSignature()
    {
        foreach (var doc in Documents)
        {
            var reply = doc.Turns[^1];
            Assert.Equal("assistant", reply.Role);
            Assert.StartsWith("[[ ## reasoning ## ]]\n", reply.Content, StringComparison.Ordinal);
            Assert.EndsWith("[[ ## completed ## ]]\n", reply.Content, StringComparison.Ordinal);
            Assert.Equal("system", doc.Turns[0].Role);
            Assert.Contains("Respond with the corresponding output fields", doc.FinalRequest, StringComparison.Ordinal);
        }

        var arithmetic = Documents.First(d => d.Family == TaskFamily.Arithmetic);
        var parsed = ChatAdapter.Default.Parse(TaskSignatures.WithReasoning(TaskSignatures.Arithmetic), arithmetic.Turns[^1].Content);
        Assert.Matches("^[0-9]+$", parsed["answer"]);
    }

    [Fact]
    public void Generate_SomePromptsHaveDemosAndSomeNone()
    {
        Assert.Contains(Documents, d => d.Turns.Count == 3);
        Assert.Contains(Documents, d => d.Turns.Count >= 7);
        Assert.Contains(Documents, d => d.Turns.Any(t => t.Content.StartsWith("This is an example of the task", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generate_NoIrisSpeciesOrRows()
    {
        var text = string.Join("\n", Documents.Select(Text));
        foreach (var species in IrisDataset.Species)
        {
            Assert.DoesNotContain(species, text, StringComparison.OrdinalIgnoreCase);
        }

        // Sepal/petal-style feature names do occur, but never with an Iris row's four values together.
        Assert.Contains("petal_length", text, StringComparison.Ordinal);
        var requests = Documents.SelectMany(d => d.Turns.Where(t => t.Role == "user").Select(t => t.Content)).ToList();
        foreach (var row in IrisDataset.Load())
        {
            var fields = row.Features.Select(kv => $"[[ ## {kv.Key} ## ]]\n{kv.Value}").ToList();
            Assert.DoesNotContain(requests, r => fields.All(f => r.Contains(f, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Generate_NoArithmeticTaskItems()
    {
        var questions = Documents.Where(d => d.Family == TaskFamily.Arithmetic)
            .SelectMany(d => d.Turns.Where(t => t.Role == "user").Select(t => t.Content))
            .ToList();
        var split = new WordProblemGenerator().CreateTaskSplit(200, 200, 200);
        foreach (var item in split.All)
        {
            Assert.DoesNotContain(questions, q => q.Contains(item.Question, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Generate_NoMultiHopTaskEntitiesOrQuestions()
    {
        var text = string.Join("\n", Documents.Where(d => d.Family == TaskFamily.MultiHop).Select(Text));
        var task = TwoHopWorldGenerator.CreateTaskDataset(100, 100, 100);
        foreach (var passage in task.Corpus)
        {
            Assert.DoesNotContain(passage.Title, text, StringComparison.Ordinal);
        }

        foreach (var question in task.Split.All)
        {
            Assert.DoesNotContain(question.Question, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generate_NoSyntheticClassificationTaskItems()
    {
        var requests = Documents.Where(d => d.Family == TaskFamily.Classification).Select(d => d.FinalRequest).ToList();
        foreach (var task in new SyntheticClassificationGenerator().Generate(DataPartition.Task, 0, 20))
        {
            foreach (var example in task.Examples)
            {
                var fields = task.FeatureNames.Zip(example.Values, (n, v) => $"[[ ## {n} ## ]]\n{v}\n").ToList();
                Assert.DoesNotContain(requests, r => fields.All(f => r.Contains(f, StringComparison.Ordinal)) && r.Contains(task.Instruction, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Generate_OpensWithBareDrills_ThenMixesDrillsIntoTheTasks()
    {
        Assert.All(WithDrills.Take(300), d =>
        {
            Assert.Equal(TaskFamily.Reading, d.Family);
            Assert.Equal(["user", "assistant"], d.Turns.Select(t => t.Role));
        });
        var rest = WithDrills.Skip(300).ToList();
        Assert.InRange(rest.Count(d => d.Family == TaskFamily.Reading), 40, 200);
        Assert.Contains(rest, d => d.Family == TaskFamily.Reading && d.Turns[0].Role == "system");
        Assert.Contains(rest, d => d.Family == TaskFamily.MultiHop);
        Assert.InRange(rest.Count(d => d.Family == TaskFamily.Calculation), 90, 200);
        Assert.InRange(rest.Count(d => d.Family == TaskFamily.Comparison), 25, 95);

        // A repeat drill's reply is its text; a lookup's answer is in its passages.
        var repeat = WithDrills.First(d => d.Predictor == "repeat" && d.Turns.Count == 2);
        Assert.Equal("Repeat: " + repeat.Turns[1].Content, repeat.Turns[0].Content);
        var lookup = WithDrills.First(d => d.Predictor == "lookup" && d.Turns.Count == 2);
        Assert.Contains(lookup.Turns[1].Content, lookup.Turns[0].Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskFamily.Arithmetic, "solve")]
    [InlineData(TaskFamily.MultiHop, "generate_answer")]
    public void Generate_WorkedOrDirectReasoning_OneStylePerDocument_MostlyDirectWithoutDemos(TaskFamily family, string predictor)
    {
        var signature = TaskSignatures.WithReasoning(family == TaskFamily.Arithmetic ? TaskSignatures.Arithmetic : TaskSignatures.GenerateAnswer);
        var withoutDemos = new List<bool>();
        var withDemos = new List<bool>();
        foreach (var doc in PretrainingCorpus.Generate(TasksOnly with { Documents = 2000 }).Where(d => d.Family == family && d.Predictor == predictor))
        {
            // Every assistant turn (the demos and the reply) is direct, or every one shows its work.
            var replies = doc.Turns.Where(t => t.Role == "assistant").Select(t => ChatAdapter.Default.Parse(signature, t.Content)).ToList();
            var direct = replies.Select(f => f["reasoning"] == $"The answer is {f["answer"]}.").Distinct().ToList();
            Assert.Single(direct);
            (replies.Count == 1 ? withoutDemos : withDemos).Add(direct[0]);
        }

        // 80 % direct without demos, 50 % with them (SolutionStyles), with room for the draw.
        Assert.InRange(withoutDemos.Count(d => d), withoutDemos.Count * 65 / 100, withoutDemos.Count * 93 / 100);
        Assert.InRange(withDemos.Count(d => d), withDemos.Count * 35 / 100, withDemos.Count * 65 / 100);
    }

    [Fact]
    public void Generate_SecondQuery_BridgeOrQuestion_OneStylePerDocument_MostlyQuestionWithoutDemos()
    {
        var signature = TaskSignatures.WithReasoning(TaskSignatures.GenerateQuery);
        var withoutDemos = new List<bool>();
        var withDemos = new List<bool>();
        foreach (var doc in PretrainingCorpus.Generate(TasksOnly with { Documents = 3000 }).Where(d => d.Predictor == "generate_query_1"))
        {
            // Each user turn asks one question; the assistant turn after it searches that question again, or
            // every assistant turn of the document searches something else (the bridge entity).
            var asked = doc.Turns.Where(t => t.Role == "user").Select(t => t.Content.Split("[[ ## question ## ]]\n")[1].Split('\n')[0]).ToList();
            var replies = doc.Turns.Where(t => t.Role == "assistant").Select(t => ChatAdapter.Default.Parse(signature, t.Content)).ToList();
            Assert.Equal(asked.Count, replies.Count);
            var naive = replies.Select((f, i) => f["reasoning"] == "I search for the question." && f["search_query"] == asked[i]).Distinct().ToList();
            Assert.Single(naive);
            Assert.All(replies.Select((f, i) => f["search_query"] == asked[i]), searchesQuestion => Assert.Equal(naive[0], searchesQuestion));
            (replies.Count == 1 ? withoutDemos : withDemos).Add(naive[0]);
        }

        // 60 % the question again without demos, 50 % with them (SecondQueryStyles), with room for the draw.
        Assert.InRange(withoutDemos.Count(d => d), withoutDemos.Count * 40 / 100, withoutDemos.Count * 80 / 100);
        Assert.InRange(withDemos.Count(d => d), withDemos.Count * 30 / 100, withDemos.Count * 70 / 100);
    }

    [Fact]
    public void Generate_ReadingDrills_NameNoMultiHopTaskEntity()
    {
        var text = string.Join("\n", WithDrills.Where(d => d.Family == TaskFamily.Reading).Select(Text));
        foreach (var passage in TwoHopWorldGenerator.CreateTaskDataset(100, 100, 100).Corpus)
        {
            Assert.DoesNotContain(passage.Title + " |", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TrainTokenizer_ChatMlMarkers_AreSingleTokens()
    {
        var bpe = Pretrainer.TrainTokenizer(Documents.Take(40), 600);
        var tokenizer = bpe.ToTokenizer();
        var text = Pretrainer.Template.Render(Documents[0].Turns, addGenerationPrompt: false);
        var ids = tokenizer.Encode(text);
        Assert.Equal(tokenizer.TokenToId("<|im_start|>"), ids[0]);
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.Equal(600, tokenizer.VocabSize);
    }
}
