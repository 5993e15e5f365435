using System.Globalization;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Signatures;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Tasks.Generators;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// Short reading documents that teach copying from the context, the skill every task family rests on (label
/// names from the instructions, numbers from the question, names and years from passages): repeat a list of
/// invented names and numbers, or answer a one-hop question from two or three short passages. A small model
/// trained only on the long task prompts learns their format long before it learns to copy; these make the
/// copying (induction) circuit form early. Names come from the pretraining side of the partition wall.
/// </summary>
internal static class ReadingDocuments
{
    public const string RepeatPredictor = "repeat";
    public const string LookupPredictor = "lookup";

    private static readonly string[] Onsets = ["b", "br", "d", "dr", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "th", "v", "z", "c", "j", "w", "st", "gr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"];
    private static readonly string[] Codas = ["", "", "n", "r", "l", "s", "th", "m", "x", "nd", "rk", "ll"];
    private static readonly string[] Kinds = ["novel", "film", "song", "painting", "play"];
    private static readonly string[] Makers = ["written by", "directed by", "sung by", "painted by", "written by"];

    private static readonly Signature Repeat = Signature.Parse("text -> copy", "Repeat the text exactly.");
    private static readonly Signature Lookup = Signature.Parse("context, question -> answer", "Answer the question using the context. Give a short answer.");

    public static CorpusDocument Create(Random random) => random.Next(3) switch
    {
        0 => CreateRepeat(random),
        1 => CreateLookup(random),
        _ => CreateBare(random),
    };

    /// <summary>
    /// A drill with no system prompt and no field markers (one short user turn, one assistant turn). A long fixed
    /// prefix dilutes attention at initialisation so much that copying does not form; on these few dozen tokens
    /// it forms within a few hundred steps, and then carries over to the long prompts.
    /// </summary>
    public static CorpusDocument CreateBare(Random random)
    {
        if (random.Next(4) != 0)
        {
            var text = RepeatText(random);
            return new CorpusDocument(TaskFamily.Reading, RepeatPredictor, [new ChatTurn("user", "Repeat: " + text), new ChatTurn(ChatTurn.AssistantRole, text)]);
        }

        var (context, question, answer) = LookupItem(random);
        return new CorpusDocument(TaskFamily.Reading, LookupPredictor, [new ChatTurn("user", context + "\n" + question), new ChatTurn(ChatTurn.AssistantRole, answer)]);
    }

    private static CorpusDocument CreateRepeat(Random random)
    {
        var text = RepeatText(random);
        var turns = ChatRendering.Conversation(Repeat, [], new Dictionary<string, string> { ["text"] = text }, new Dictionary<string, string> { ["copy"] = text });
        return new CorpusDocument(TaskFamily.Reading, RepeatPredictor, turns);
    }

    private static CorpusDocument CreateLookup(Random random)
    {
        var (context, question, answer) = LookupItem(random);
        var turns = ChatRendering.Conversation(Lookup, [], new Dictionary<string, string> { ["context"] = context, ["question"] = question }, new Dictionary<string, string> { ["answer"] = answer });
        return new CorpusDocument(TaskFamily.Reading, LookupPredictor, turns);
    }

    private static string RepeatText(Random random)
    {
        var items = Enumerable.Range(0, 3 + random.Next(6))
            .Select(_ => random.Next(3) == 0 ? random.Next(1, 2000).ToString(CultureInfo.InvariantCulture) : Name(random))
            .ToList();
        return string.Join(random.Next(2) == 0 ? ", " : " ", items);
    }

    private static (string Context, string Question, string Answer) LookupItem(Random random)
    {
        var facts = Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Fact.Draw(random)).ToList();
        var asked = facts[random.Next(facts.Count)];
        var context = string.Join('\n', facts.Select((f, i) => $"[{i + 1}] «{f.Passage}»"));
        var (question, answer) = asked.Ask(random);
        return (context, question, answer);
    }

    private static string Name(Random random)
    {
        while (true)
        {
            var name = Word(random, 1 + random.Next(2)) + " " + Word(random, 2 + random.Next(2));
            if (PartitionRule.Allows(DataPartition.Pretraining, "entity:" + name))
            {
                return name;
            }
        }
    }

    private static string Word(Random random, int syllables)
    {
        var chars = new System.Text.StringBuilder();
        for (var i = 0; i < syllables; i++)
        {
            chars.Append(Onsets[random.Next(Onsets.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
        }

        chars.Append(Codas[random.Next(Codas.Length)]);
        chars[0] = char.ToUpperInvariant(chars[0]);
        return chars.ToString();
    }

    private sealed record Fact(string Title, string Kind, string Maker, string Person, int Year)
    {
        public string Passage => $"{Title} | {Title} is a {Year.ToString(CultureInfo.InvariantCulture)} {Kind} {Maker} {Person}.";

        public static Fact Draw(Random random)
        {
            var k = random.Next(Kinds.Length);
            return new Fact("The " + Word(random, 2), Kinds[k], Makers[k], Name(random), 1900 + random.Next(120));
        }

        public (string Question, string Answer) Ask(Random random) => random.Next(2) == 0
            ? ($"Who made {Title}?", Person)
            : ($"In what year was {Title} made?", Year.ToString(CultureInfo.InvariantCulture));
    }
}
