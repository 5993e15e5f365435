using System.Globalization;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Arithmetic;

/// <summary>The word-problem templates: each draws operands and renders question, reasoning and answer.</summary>
internal static class WordProblemTemplates
{
    internal sealed record Person(string Name, string Subject, string Possessive);

    internal sealed record Draft(string Template, string Question, string Reasoning, int Answer);

    internal delegate Draft? Template(DeterministicRandom random, Person who, Person friend, string things, WordProblemGeneratorOptions options);

    public static IReadOnlyList<Person> People { get; } =
    [
        new("Ava", "she", "her"), new("Ben", "he", "his"), new("Chloe", "she", "her"), new("Dan", "he", "his"),
        new("Ella", "she", "her"), new("Finn", "he", "his"), new("Grace", "she", "her"), new("Hugo", "he", "his"),
        new("Ivy", "she", "her"), new("Jack", "he", "his"), new("Kara", "she", "her"), new("Leo", "he", "his"),
        new("Maya", "she", "her"), new("Noah", "he", "his"), new("Olivia", "she", "her"), new("Omar", "he", "his"),
        new("Priya", "she", "her"), new("Raj", "he", "his"), new("Sara", "she", "her"), new("Tom", "he", "his"),
        new("Uma", "she", "her"), new("Victor", "he", "his"), new("Wendy", "she", "her"), new("Yusuf", "he", "his"),
    ];

    public static IReadOnlyList<string> Things { get; } =
    [
        "apples", "marbles", "stickers", "pencils", "cookies", "books", "shells", "stamps", "cards", "eggs",
        "oranges", "balloons", "crayons", "buttons", "toy cars", "flowers", "candles", "beads", "coins", "muffins",
    ];

    public static IReadOnlyList<string> Containers { get; } = ["boxes", "bags", "baskets", "jars", "packs", "crates"];

    public static IReadOnlyList<Template> OneStep { get; } = [Add, Subtract, Multiply, Divide];

    public static IReadOnlyList<Template> TwoStep { get; } = [AddGroups, GiveThenFind, Change, SplitRemainder];

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cap(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static Draft? Add(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int a = r.NextInclusive(o.MinOperand, o.MaxOperand), b = r.NextInclusive(o.MinOperand, o.MaxOperand);
        return new Draft(
            "add",
            $"{p.Name} has {N(a)} {things}. {Cap(p.Subject)} gets {N(b)} more {things} from {f.Name}. How many {things} does {p.Name} have now?",
            $"{p.Name} starts with {N(a)} {things} and gets {N(b)} more. {N(a)} + {N(b)} = {N(a + b)}.",
            a + b);
    }

    private static Draft? Subtract(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int a = r.NextInclusive(o.MinOperand + 1, o.MaxOperand), b = r.NextInclusive(o.MinOperand, a - 1);
        if (b >= a)
        {
            return null;
        }

        return new Draft(
            "subtract",
            $"{p.Name} had {N(a)} {things}. {Cap(p.Subject)} gave {N(b)} of them to {f.Name}. How many {things} does {p.Name} have left?",
            $"{p.Name} had {N(a)} {things} and gave away {N(b)}. {N(a)} - {N(b)} = {N(a - b)}.",
            a - b);
    }

    private static Draft? Multiply(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int a = r.NextInclusive(o.MinOperand, Math.Min(o.MaxOperand, 12)), b = r.NextInclusive(o.MinOperand, o.MaxOperand);
        var container = r.Pick(Containers);
        return new Draft(
            "multiply",
            $"{p.Name} has {N(a)} {container}. Each of the {container} holds {N(b)} {things}. How many {things} does {p.Name} have in total?",
            $"There are {N(a)} {container} with {N(b)} {things} each. {N(a)} * {N(b)} = {N(a * b)}.",
            a * b);
    }

    private static Draft? Divide(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int each = r.NextInclusive(o.MinOperand, o.MaxOperand), groups = r.NextInclusive(o.MinOperand, Math.Min(o.MaxOperand, 10));
        var total = each * groups;
        return new Draft(
            "divide",
            $"{p.Name} shares {N(total)} {things} equally among {N(groups)} friends. How many {things} does each friend get?",
            $"{N(total)} {things} are shared among {N(groups)} friends. {N(total)} / {N(groups)} = {N(each)}.",
            each);
    }

    private static Draft? AddGroups(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int a = r.NextInclusive(o.MinOperand, o.MaxOperand), b = r.NextInclusive(o.MinOperand, Math.Min(o.MaxOperand, 9)), c = r.NextInclusive(o.MinOperand, Math.Min(o.MaxOperand, 12));
        var container = r.Pick(Containers);
        return new Draft(
            "add-groups",
            $"{p.Name} has {N(a)} {things}. {Cap(p.Subject)} buys {N(b)} {container} with {N(c)} {things} in each. How many {things} does {p.Name} have now?",
            $"The {container} hold {N(b)} * {N(c)} = {N(b * c)} {things}. {N(a)} + {N(b * c)} = {N(a + (b * c))}.",
            a + (b * c));
    }

    private static Draft? GiveThenFind(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int a = r.NextInclusive(o.MinOperand + 1, o.MaxOperand), b = r.NextInclusive(o.MinOperand, a - 1), c = r.NextInclusive(o.MinOperand, o.MaxOperand);
        if (b >= a)
        {
            return null;
        }

        return new Draft(
            "give-then-find",
            $"{p.Name} had {N(a)} {things}. {Cap(p.Subject)} gave {N(b)} to {f.Name} and then found {N(c)} more. How many {things} does {p.Name} have now?",
            $"After giving some away, {p.Name} has {N(a)} - {N(b)} = {N(a - b)}. Then {N(a - b)} + {N(c)} = {N(a - b + c)}.",
            a - b + c);
    }

    private static Draft? Change(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int count = r.NextInclusive(o.MinOperand, Math.Min(o.MaxOperand, 9)), price = r.NextInclusive(1, Math.Min(o.MaxOperand, 9));
        var cost = count * price;
        var paid = ((cost / 10) + 1 + r.Next(2)) * 10;
        return new Draft(
            "change",
            $"{p.Name} buys {N(count)} {things} that cost ${N(price)} each. {Cap(p.Subject)} pays with ${N(paid)}. How much change does {p.Name} get, in dollars?",
            $"The {things} cost {N(count)} * {N(price)} = {N(cost)} dollars. The change is {N(paid)} - {N(cost)} = {N(paid - cost)}.",
            paid - cost);
    }

    private static Draft? SplitRemainder(DeterministicRandom r, Person p, Person f, string things, WordProblemGeneratorOptions o)
    {
        int kept = r.NextInclusive(o.MinOperand, o.MaxOperand), each = r.NextInclusive(o.MinOperand, Math.Min(o.MaxOperand, 10)), friends = r.NextInclusive(2, 5);
        var total = kept + (each * friends);
        return new Draft(
            "keep-then-share",
            $"{p.Name} has {N(total)} {things}. {Cap(p.Subject)} keeps {N(kept)} and shares the rest equally among {N(friends)} friends. How many {things} does each friend get?",
            $"{p.Name} shares {N(total)} - {N(kept)} = {N(total - kept)} {things}. {N(total - kept)} / {N(friends)} = {N(each)}.",
            each);
    }
}
