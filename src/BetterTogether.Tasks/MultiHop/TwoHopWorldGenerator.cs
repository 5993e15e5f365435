using System.Globalization;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>
/// Generates synthetic two-hop worlds: invented films, novels, people, cities and countries, one short
/// passage per entity, and questions that need two passages ("Where was the director of X born?" needs
/// X's passage to find the director Y, then Y's passage to find the city). Deterministic for a seed;
/// worlds of different <see cref="DataPartition"/>s share no entity name, so no passage or question.
/// </summary>
public static class TwoHopWorldGenerator
{
    private const string Salt = "two-hop";
    private static readonly string[] FilmGenres = ["drama", "comedy", "thriller", "western", "musical", "science fiction", "documentary", "horror"];
    private static readonly string[] BookGenres = ["mystery", "historical", "fantasy", "romance", "adventure", "crime"];
    private static readonly string[] Occupations = ["painter", "architect", "chemist", "violinist", "sculptor", "journalist", "botanist", "engineer"];
    private static readonly string[] Sizes = ["small", "large", "coastal", "mountain", "river", "port"];

    /// <summary>Generates one world.</summary>
    /// <param name="partition">Which half of the name space to draw entity names from.</param>
    /// <param name="seed">The seed; equal seeds (and options) give equal worlds.</param>
    /// <param name="options">The world's size; <see cref="TwoHopWorldOptions"/> defaults when null.</param>
    public static TwoHopWorld Generate(DataPartition partition, int seed, TwoHopWorldOptions? options = null)
    {
        options ??= new TwoHopWorldOptions();
        options.Validate();
        var random = new DeterministicRandom(StableHash.Seed(seed, Salt, partition.ToString()));
        var names = new WorldNames(random, partition);
        var idPrefix = string.Create(CultureInfo.InvariantCulture, $"twohop-{partition.ToString().ToLowerInvariant()}-{seed}");
        var passages = new List<Passage>();
        var questions = new List<TwoHopQuestion>();

        var countries = Enumerable.Range(0, options.Countries).Select(_ => names.Country()).ToList();
        var cities = Enumerable.Range(0, options.Cities).Select(_ => (Name: names.City(), Country: random.Pick(countries))).ToList();
        var people = Enumerable.Range(0, options.People)
            .Select(_ => (Name: names.Person(), City: random.Pick(cities).Name, Year: random.NextInclusive(1900, 1965)))
            .ToList();
        var directors = people.Take(Math.Max(1, people.Count / 3)).ToList();
        var authors = people.Skip(directors.Count).Take(Math.Max(1, people.Count / 3)).ToList();

        for (var i = 0; i < options.Films; i++)
        {
            var title = names.Title();
            var director = random.Pick(directors);
            passages.Add(Passage(title, $"{title} is a {Year(random, director.Year)} {random.Pick(FilmGenres)} film directed by {director.Name}."));
            questions.Add(Question(idPrefix, questions, "film-director-birthplace", $"Where was the director of {title} born?", director.City, title, director.Name));
            questions.Add(Question(idPrefix, questions, "film-director-birthyear", $"In what year was the director of {title} born?", N(director.Year), title, director.Name));
        }

        for (var i = 0; i < options.Books; i++)
        {
            var title = names.Title();
            var author = random.Pick(authors);
            passages.Add(Passage(title, $"{title} is a {random.Pick(BookGenres)} novel written by {author.Name} and published in {Year(random, author.Year)}."));
            questions.Add(Question(idPrefix, questions, "novel-author-birthplace", $"In which city was the author of {title} born?", author.City, title, author.Name));
            questions.Add(Question(idPrefix, questions, "novel-author-birthyear", $"When was the author of {title} born?", N(author.Year), title, author.Name));
        }

        foreach (var person in people)
        {
            var occupation = directors.Contains(person) ? "film director" : authors.Contains(person) ? "novelist" : random.Pick(Occupations);
            passages.Add(Passage(person.Name, $"{person.Name} is a {occupation} who was born in {person.City} in {N(person.Year)}."));
            var city = cities.First(c => c.Name == person.City);
            questions.Add(Question(idPrefix, questions, "person-birthplace-country", $"In which country was {person.Name} born?", city.Country, person.Name, city.Name));
        }

        foreach (var (name, country) in cities)
        {
            passages.Add(Passage(name, $"{name} is a {random.Pick(Sizes)} city in {country}."));
        }

        foreach (var country in countries)
        {
            var capital = cities.FirstOrDefault(c => c.Country == country).Name;
            passages.Add(Passage(country, capital is null ? $"{country} is a country." : $"{country} is a country whose cities include {capital}."));
        }

        return new TwoHopWorld(partition, seed, passages, questions);
    }

    /// <summary>
    /// The multi-hop task's data: one <see cref="DataPartition.Task"/> world (<see cref="TwoHopWorldOptions.TaskWorld"/>),
    /// its questions shuffled with the seed and split into train/dev/test; the corpus is the world's passages.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More questions are asked for than the world has.</exception>
    public static MultiHopDataset<TwoHopQuestion> CreateTaskDataset(int trainCount, int devCount, int testCount, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(devCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        var world = Generate(DataPartition.Task, seed, TwoHopWorldOptions.TaskWorld);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trainCount + devCount + testCount, world.Questions.Count, "question count");
        var questions = world.Questions.ToList();
        new DeterministicRandom(StableHash.Seed(seed, Salt, "task-split")).Shuffle(questions);
        var split = new DatasetSplit<TwoHopQuestion>(
            questions.Take(trainCount).ToList(),
            questions.Skip(trainCount).Take(devCount).ToList(),
            questions.Skip(trainCount + devCount).Take(testCount).ToList());
        return new MultiHopDataset<TwoHopQuestion>(split, world.Passages);
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Year(DeterministicRandom random, int birthYear) => N(birthYear + random.NextInclusive(25, 55));

    private static Passage Passage(string name, string text) => new(name, name, text);

    private static TwoHopQuestion Question(string idPrefix, List<TwoHopQuestion> existing, string kind, string question, string answer, string first, string bridge) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{idPrefix}-{existing.Count}"), question, answer, kind, first, bridge, [first, bridge]);
}
